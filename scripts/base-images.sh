#!/usr/bin/env bash
# Base images built from Debian's packages alone, for machines where no image registry answers:
# debootstrap a minimal Debian with the packages an image needs, then `docker import` it.
#
#   scripts/base-images.sh [jre|mysql|redis|nginx|all]   build what is missing (default: all); print the tags
#   scripts/base-images.sh tag NAME                      print the tag NAME would have (builds nothing)
#
# The images (tags concurrency-commerce/base-NAME:<suite>-<hash of this script>, so an edit here makes
# new ones; an image already there is kept: a second run takes seconds):
#   jre     OpenJDK 21 JRE, the FROM of the services' Dockerfile.jvm (BASE_IMAGE)
#   mysql   MariaDB, started like the chart's mysql image: MYSQL_ROOT_PASSWORD, MYSQL_DATABASE,
#           MYSQL_USER, MYSQL_PASSWORD create the database and user on an empty data directory
#   redis   redis-server and redis-cli
#   nginx   nginx running as uid 101 on port 8080, like nginxinc/nginx-unprivileged
#
# Environment: BASE_SUITE (trixie: the first Debian with OpenJDK 21), DEBIAN_MIRROR (default: the
# first Debian URI of this machine's own apt sources, so no package host is written down here),
# CONTAINER_TOOL (docker). Needs root (debootstrap), debootstrap and a running engine.
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUITE="${BASE_SUITE:-trixie}"
TOOL="${CONTAINER_TOOL:-docker}"
WORK="$ROOT_DIR/target/base-images"

log() { echo "base-images: $*" >&2; }
die() { echo "base-images: ERROR: $*" >&2; exit 1; }

# The first Debian archive this machine's apt knows (deb822 .sources or one-line .list files).
apt_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri="$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' "$f")"
    [ -n "$uri" ] && { echo "${uri%/}"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri="$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):/ && $i ~ /\/debian\/?$/) { print $i; exit } }' "$f")"
    [ -n "$uri" ] && { echo "${uri%/}"; return; }
  done
  die "no Debian archive in this machine's apt sources; set DEBIAN_MIRROR"
}

packages() {
  case "$1" in
    jre) echo "openjdk-21-jre-headless,ca-certificates" ;;
    mysql) echo "mariadb-server,mariadb-client,mariadb-client-compat,mariadb-server-compat" ;;
    redis) echo "redis-server,redis-tools" ;;
    nginx) echo "nginx" ;;
    *) die "unknown base image '$1' (jre, mysql, redis, nginx)" ;;
  esac
}

tag() {
  local hash
  hash="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)"
  echo "concurrency-commerce/base-$1:$SUITE-$hash"
}

# What the imported root file system needs on top of the packages: users, start scripts, config.
finish_rootfs() {
  local name="$1" root="$2"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  case "$name" in
    mysql)
      mkdir -p "$root/docker-entrypoint-initdb.d"
      cat > "$root/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
# The chart's database container contract: on an empty data directory, create the database and the
# user named by MYSQL_DATABASE / MYSQL_USER / MYSQL_PASSWORD and set MYSQL_ROOT_PASSWORD; then run
# the server in the foreground with the arguments given (server options).
set -eu
DATA=/var/lib/mysql
if [ "${1:-}" != "" ] && [ "${1#-}" = "$1" ]; then exec "$@"; fi
if [ ! -d "$DATA/mysql" ]; then
  : "${MYSQL_ROOT_PASSWORD:?MYSQL_ROOT_PASSWORD must be set}"
  mariadb-install-db --datadir="$DATA" --auth-root-authentication-method=normal --skip-test-db >/dev/null
  mariadbd --datadir="$DATA" --skip-networking --socket=/tmp/init.sock &
  pid=$!
  i=0
  until mariadb-admin --socket=/tmp/init.sock ping --silent 2>/dev/null; do
    i=$((i + 1)); [ "$i" -lt 60 ] || { echo "database did not start for its initialisation" >&2; exit 1; }
    sleep 1
  done
  {
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$MYSQL_ROOT_PASSWORD';"
    echo "CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '$MYSQL_ROOT_PASSWORD'; GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    if [ -n "${MYSQL_DATABASE:-}" ]; then echo "CREATE DATABASE IF NOT EXISTS \`$MYSQL_DATABASE\`;"; fi
    if [ -n "${MYSQL_USER:-}" ]; then
      echo "CREATE USER IF NOT EXISTS '$MYSQL_USER'@'%' IDENTIFIED BY '${MYSQL_PASSWORD:-}';"
      if [ -n "${MYSQL_DATABASE:-}" ]; then echo "GRANT ALL ON \`$MYSQL_DATABASE\`.* TO '$MYSQL_USER'@'%';"; fi
    fi
  } | mariadb --socket=/tmp/init.sock -uroot
  mariadb-admin --socket=/tmp/init.sock -uroot -p"$MYSQL_ROOT_PASSWORD" shutdown
  wait "$pid" || true
fi
exec mariadbd --datadir="$DATA" --bind-address=0.0.0.0 --port=3306 --socket=/tmp/mysqld.sock "$@"
EOF
      chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"
      # mysqladmin in the chart's probes talks TCP to 127.0.0.1; the client's default socket is unused.
      # empty: the entrypoint initialises the data directory it is given (the package made one at install)
      rm -rf "$root/var/lib/mysql"
      mkdir -p "$root/var/lib/mysql"
      chroot "$root" chown -R 999:999 /var/lib/mysql
      ;;
    nginx)
      # As nginx-unprivileged: uid 101, port 8080, pid and temp files under /tmp.
      cat > "$root/etc/nginx/nginx.conf" <<'EOF'
worker_processes auto;
pid /tmp/nginx.pid;
error_log /dev/stderr warn;
events { worker_connections 4096; }
http {
    client_body_temp_path /tmp/client_temp;
    proxy_temp_path /tmp/proxy_temp;
    fastcgi_temp_path /tmp/fastcgi_temp;
    uwsgi_temp_path /tmp/uwsgi_temp;
    scgi_temp_path /tmp/scgi_temp;
    access_log off;
    include /etc/nginx/conf.d/*.conf;
}
EOF
      mkdir -p "$root/etc/nginx/conf.d"
      ;;
  esac
}

import_options() {
  case "$1" in
    jre) echo "ENV LANG=C.UTF-8" ;;
    mysql) echo "USER 999|ENTRYPOINT [\"/usr/local/bin/docker-entrypoint.sh\"]|EXPOSE 3306" ;;
    redis) echo "USER 999|CMD [\"redis-server\"]|EXPOSE 6379" ;;
    nginx) echo "USER 101|CMD [\"nginx\", \"-g\", \"daemon off;\"]|EXPOSE 8080" ;;
  esac
}

build() {
  local name="$1" image root mirror changes=() change
  image="$(tag "$name")"
  if "$TOOL" image inspect "$image" >/dev/null 2>&1; then
    echo "$image"
    return
  fi
  command -v debootstrap >/dev/null 2>&1 || die "debootstrap is needed (apt-get install debootstrap)"
  [ "$(id -u)" = 0 ] || die "debootstrap needs root"
  mirror="${DEBIAN_MIRROR:-$(apt_mirror)}"
  root="$WORK/$name"
  rm -rf "$root"
  mkdir -p "$root"
  log "debootstrap $SUITE with $(packages "$name") (a few minutes)"
  debootstrap --variant=minbase --include="$(packages "$name")" "$SUITE" "$root" "$mirror" > "$WORK/$name.log" 2>&1 \
    || die "debootstrap failed; see $WORK/$name.log"
  # Fixed ids, as the chart's images have them: mysql 999, redis 999, nginx 101.
  case "$name" in
    mysql) chroot "$root" sh -c 'usermod -u 999 mysql && groupmod -g 999 mysql' ;;
    redis) chroot "$root" sh -c 'usermod -u 999 redis && groupmod -g 999 redis' ;;
    nginx) chroot "$root" sh -c 'id nginx >/dev/null 2>&1 || useradd --system --uid 101 --no-create-home --shell /usr/sbin/nologin nginx' ;;
  esac
  finish_rootfs "$name" "$root"
  IFS='|' read -r -a parts <<< "$(import_options "$name")"
  for change in "${parts[@]}"; do changes+=(--change "$change"); done
  tar -C "$root" -c . | "$TOOL" import "${changes[@]}" - "$image" >/dev/null
  rm -rf "$root"
  log "built $image"
  echo "$image"
}

mkdir -p "$WORK"
case "${1:-all}" in
  -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' ;;
  tag) tag "${2:?give a name: jre, mysql, redis or nginx}" ;;
  all) for n in jre mysql redis nginx; do build "$n"; done ;;
  *) build "$1" ;;
esac
