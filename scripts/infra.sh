#!/usr/bin/env bash
# Local infrastructure for development and tests: MariaDB/MySQL and Redis on 127.0.0.1.
#
#   scripts/infra.sh up              make both answer (use, start or install them), create DBs and users
#   scripts/infra.sh check           exit 0 if both answer and every service user can log in; changes nothing
#   scripts/infra.sh down            stop only the servers that `up` started from this checkout
#   scripts/infra.sh reset-test-dbs  drop and recreate the test databases (users and grants are kept)
#
# Environment: DB_PORT (3306), REDIS_PORT (6379), DB_ADMIN_USER (root), DB_ADMIN_PASSWORD (empty).
set -euo pipefail

DB_PORT="${DB_PORT:-3306}"
REDIS_PORT="${REDIS_PORT:-6379}"
DB_ADMIN_USER="${DB_ADMIN_USER:-root}"
DB_ADMIN_PASSWORD="${DB_ADMIN_PASSWORD:-}"
WAIT_SECONDS=60

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_FILE="$ROOT_DIR/target/infra/started"

# One entry per service user: "user databases..." (the password equals the user name).
SERVICE_USERS=(
  "point_svc point_db point_test point_contention"
  "order_svc order_db order_test order_contention"
  "auction_svc auction_db auction_test auction_contention"
  "lock_svc lock_test"
)
TEST_DBS=(point_test order_test auction_test lock_test point_contention order_contention auction_contention)
USER_HOSTS=(127.0.0.1 localhost)

log() { echo "infra: $*"; }
die() { echo "infra: ERROR: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [[ "$(id -u)" == 0 ]]; }

# ---------------------------------------------------------------- tools

DB_CLIENT=""
DB_ADMIN_TOOL=""
find_db_tools() {
  if have mariadb; then DB_CLIENT=mariadb; elif have mysql; then DB_CLIENT=mysql; else DB_CLIENT=""; fi
  if have mariadb-admin; then DB_ADMIN_TOOL=mariadb-admin; elif have mysqladmin; then DB_ADMIN_TOOL=mysqladmin; else DB_ADMIN_TOOL=""; fi
}

mariadb_server_binary() {
  local bin
  for bin in /usr/sbin/mariadbd /usr/sbin/mysqld; do
    [[ -x "$bin" ]] && { echo "$bin"; return 0; }
  done
  return 1
}
db_installed() { mariadb_server_binary >/dev/null; }
redis_installed() { have redis-server; }

# Bounded TCP probe for hosts without client tools.
tcp_open() { timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# ---------------------------------------------------------------- answering?

db_answers() {
  if [[ -n "$DB_ADMIN_TOOL" ]]; then
    # `ping` exits 0 even on "access denied", which is all we want to know here.
    "$DB_ADMIN_TOOL" -h127.0.0.1 -P"$DB_PORT" --protocol=tcp --connect-timeout=2 -uinfra_ping_probe ping >/dev/null 2>&1
  else
    tcp_open "$DB_PORT"
  fi
}

redis_answers() {
  if have redis-cli; then
    [[ "$(timeout 3 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
  else
    timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$REDIS_PORT; printf 'PING\r\n' >&3; read -r line <&3; [[ \$line == +PONG* ]]" 2>/dev/null
  fi
}

redis_version() {
  have redis-cli || { echo "version unknown"; return 0; }
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" info server 2>/dev/null | tr -d '\r' | sed -n 's/^redis_version://p'
}

wait_for() { # wait_for NAME CHECK_FUNCTION
  local name="$1" check="$2" i
  for ((i = 0; i < WAIT_SECONDS; i++)); do
    "$check" && return 0
    ((i % 10 == 0)) && log "waiting for $name ..."
    sleep 1
  done
  return 1
}

# ---------------------------------------------------------------- state (what up started)

record_started() { # record_started NAME PORT
  mkdir -p "$(dirname "$STATE_FILE")"
  grep -qx "$1 $2" "$STATE_FILE" 2>/dev/null || echo "$1 $2" >>"$STATE_FILE"
}

forget_started() {
  [[ -f "$STATE_FILE" ]] || return 0
  grep -vx "$1 $2" "$STATE_FILE" >"$STATE_FILE.tmp" || true
  mv "$STATE_FILE.tmp" "$STATE_FILE"
}

started_port() { # started_port NAME -> port recorded by up, if any
  [[ -f "$STATE_FILE" ]] && awk -v n="$1" '$1 == n { print $2; exit }' "$STATE_FILE"
}

# ---------------------------------------------------------------- starting / installing

prepare_mariadb_dirs() {
  is_root || return 0
  # The server runs as user mysql and needs its socket dir and an initialised data dir.
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  if [[ ! -d /var/lib/mysql/mysql ]] && have mariadb-install-db; then
    log "initialising /var/lib/mysql"
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  fi
}

start_mariadb() {
  local bin args=(--port="$DB_PORT" --bind-address=127.0.0.1)
  is_root && args+=(--user=mysql)
  prepare_mariadb_dirs
  if bin="$(mariadb_server_binary)" && have start-stop-daemon; then
    # An already running (still starting) server is not ours to stop later.
    if start-stop-daemon --status --exec "$bin" >/dev/null 2>&1; then
      log "$bin is running but not answering on 127.0.0.1:$DB_PORT yet"
    else
      log "starting $bin on 127.0.0.1:$DB_PORT"
      start-stop-daemon --start --oknodo --background --exec "$bin" -- "${args[@]}"
      record_started mariadb "$DB_PORT"
    fi
  elif have service; then
    log "starting MariaDB via service"
    service mariadb start || service mysql start
    record_started mariadb "$DB_PORT"
  else
    die "cannot start MariaDB: neither start-stop-daemon with mariadbd/mysqld nor service is available"
  fi
}

start_redis() {
  local args=(--daemonize yes --port "$REDIS_PORT" --save "" --appendonly no)
  log "starting redis-server on 127.0.0.1:$REDIS_PORT"
  # The "-" prefix (optional address) needs Redis >= 7; retry IPv4-only for older servers.
  (cd /tmp && redis-server --bind 127.0.0.1 -::1 "${args[@]}") ||
    (cd /tmp && redis-server --bind 127.0.0.1 "${args[@]}")
  record_started redis "$REDIS_PORT"
}

apt_install() { # apt_install PACKAGE...
  export DEBIAN_FRONTEND=noninteractive
  log "installing $* with apt-get"
  # Only refresh the package lists when the cached ones are not good enough.
  apt-get install -y "$@" || { apt-get update && apt-get install -y "$@"; }
}

install_missing() {
  local want=()
  db_answers || db_installed || want+=(mariadb-server)
  redis_answers || redis_installed || want+=(redis-server)
  ((${#want[@]} == 0)) && return 0
  if is_root && have apt-get; then
    apt_install "${want[@]}"
    find_db_tools
  else
    die "${want[*]} not installed and not answering; install mariadb-server (or mysql-server 8) and redis-server, or start them on 127.0.0.1:$DB_PORT / :$REDIS_PORT"
  fi
}

ensure_db() {
  if ! db_answers; then
    start_mariadb
    wait_for "MariaDB on 127.0.0.1:$DB_PORT" db_answers ||
      die "MariaDB did not answer on 127.0.0.1:$DB_PORT within ${WAIT_SECONDS}s (see its error log, e.g. /var/log/mysql/)"
  fi
}

ensure_redis() {
  if redis_answers; then
    log "Redis answers on 127.0.0.1:$REDIS_PORT ($(redis_version))"
    return 0
  fi
  start_redis
  wait_for "Redis on 127.0.0.1:$REDIS_PORT" redis_answers ||
    die "Redis did not answer on 127.0.0.1:$REDIS_PORT within ${WAIT_SECONDS}s"
  log "Redis answers on 127.0.0.1:$REDIS_PORT ($(redis_version))"
}

# ---------------------------------------------------------------- admin SQL

# How to reach the server as administrator: a command prefix plus connection arguments
# that work for both the client and the admin tool.
DB_PREFIX=()
DB_CONN=()

try_admin() { # try_admin PREFIX... -- CONN...
  local prefix=() conn=()
  while [[ "$1" != -- ]]; do prefix+=("$1"); shift; done
  shift
  conn=("$@")
  if "${prefix[@]}" "$DB_CLIENT" "${conn[@]}" --batch -e 'SELECT 1' >/dev/null 2>&1; then
    DB_PREFIX=("${prefix[@]}")
    DB_CONN=("${conn[@]}")
    return 0
  fi
  return 1
}

find_db_admin() {
  [[ -n "$DB_CLIENT" ]] || die "no mariadb/mysql client found; install mariadb-client (or mysql-client)"
  try_admin env "MYSQL_PWD=$DB_ADMIN_PASSWORD" -- -h127.0.0.1 -P"$DB_PORT" --protocol=tcp -u"$DB_ADMIN_USER" && return 0
  if is_root; then
    # Debian's root@localhost authenticates via unix_socket, not by password.
    try_admin env -- -uroot --protocol=socket && return 0
  elif have sudo; then
    try_admin sudo -n -- -uroot --protocol=socket && return 0
  fi
  die "cannot log in to MariaDB as admin; set DB_ADMIN_USER / DB_ADMIN_PASSWORD"
}

admin_sql() { "${DB_PREFIX[@]}" "$DB_CLIENT" "${DB_CONN[@]}" --batch --skip-column-names "$@"; }

db_version_line() {
  local v product=MySQL
  v="$(admin_sql -e 'SELECT VERSION()')"
  [[ "$v" == *MariaDB* ]] && product=MariaDB
  echo "$product answers on 127.0.0.1:$DB_PORT (${v%%-*})"
}

create_db_sql() { echo "CREATE DATABASE IF NOT EXISTS \`$1\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"; }

service_user_sql() { # service_user_sql USER DB...
  local user="$1" host db
  shift
  for db in "$@"; do create_db_sql "$db"; done
  for host in "${USER_HOSTS[@]}"; do
    echo "CREATE USER IF NOT EXISTS '$user'@'$host' IDENTIFIED BY '$user';"
    echo "ALTER USER '$user'@'$host' IDENTIFIED BY '$user';"
    for db in "$@"; do
      # "_" is a wildcard in database grants; escape it so the grant covers exactly this database.
      echo "GRANT ALL PRIVILEGES ON \`${db//_/\\_}\`.* TO '$user'@'$host';"
    done
  done
}

create_service_users() {
  local entry
  for entry in "${SERVICE_USERS[@]}"; do
    # shellcheck disable=SC2086 # entry is "user db..." and is meant to be split
    service_user_sql $entry | admin_sql
    log "user ${entry%% *} ready with database(s) ${entry#* }"
  done
}

user_can_login() { # user_can_login USER DB
  MYSQL_PWD="$1" "$DB_CLIENT" -h127.0.0.1 -P"$DB_PORT" --protocol=tcp -u"$1" "$2" --batch -e 'SELECT 1' >/dev/null 2>&1
}

# ---------------------------------------------------------------- subcommands

# Up to 12 service processes at once (the benchmark: 3 replicas of point-service twice, of order-service and of
# auction-service), each with a pool of up to 32 connections, want more than the server's default 151.
MIN_CONNECTIONS=512

ensure_connections() {
  local current
  current="$(admin_sql -e 'SELECT @@GLOBAL.max_connections' 2>/dev/null)" || return 0
  if [[ "$current" =~ ^[0-9]+$ ]] && ((current < MIN_CONNECTIONS)); then
    if admin_sql -e "SET GLOBAL max_connections = $MIN_CONNECTIONS" 2>/dev/null; then
      log "max_connections raised from $current to $MIN_CONNECTIONS (until the server restarts)"
    else
      log "WARNING: max_connections is $current and could not be raised to $MIN_CONNECTIONS; the benchmark may run out"
    fi
  fi
}

cmd_up() {
  find_db_tools
  install_missing
  ensure_db
  find_db_admin
  log "$(db_version_line)"
  create_service_users
  ensure_connections
  ensure_redis
  log "up: done"
}

cmd_check() {
  local entry user dbs db failed=0
  find_db_tools
  db_answers || die "MariaDB does not answer on 127.0.0.1:$DB_PORT (run scripts/infra.sh up)"
  redis_answers || die "Redis does not answer on 127.0.0.1:$REDIS_PORT (run scripts/infra.sh up)"
  [[ -n "$DB_CLIENT" ]] || die "no mariadb/mysql client found; install mariadb-client (or mysql-client)"
  for entry in "${SERVICE_USERS[@]}"; do
    read -r user dbs <<<"$entry"
    for db in $dbs; do
      user_can_login "$user" "$db" || { echo "infra: $user cannot log in to $db" >&2; failed=1; }
    done
  done
  ((failed == 0)) || die "service users/databases missing (run scripts/infra.sh up)"
  log "check: MariaDB on 127.0.0.1:$DB_PORT and Redis on 127.0.0.1:$REDIS_PORT answer, all service users can log in"
}

stop_redis() {
  local port="$1"
  log "stopping Redis on 127.0.0.1:$port (started by infra.sh up)"
  if have redis-cli; then
    redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
  else
    timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; printf 'SHUTDOWN NOSAVE\r\n' >&3" 2>/dev/null || true
  fi
  forget_started redis "$port"
}

stop_mariadb() {
  local port="$1"
  log "stopping MariaDB on 127.0.0.1:$port (started by infra.sh up)"
  DB_PORT="$port"
  if db_answers; then
    find_db_admin
    [[ -n "$DB_ADMIN_TOOL" ]] || die "no mariadb-admin/mysqladmin found to shut MariaDB down"
    "${DB_PREFIX[@]}" "$DB_ADMIN_TOOL" "${DB_CONN[@]}" shutdown
  fi
  forget_started mariadb "$port"
}

cmd_down() {
  local port stopped=0
  find_db_tools
  if port="$(started_port redis)" && [[ -n "$port" ]]; then stop_redis "$port"; stopped=1; fi
  if port="$(started_port mariadb)" && [[ -n "$port" ]]; then stop_mariadb "$port"; stopped=1; fi
  ((stopped)) || log "down: nothing was started by infra.sh up here; leaving running servers alone"
  return 0
}

cmd_reset_test_dbs() {
  local db
  find_db_tools
  db_answers || die "MariaDB does not answer on 127.0.0.1:$DB_PORT (run scripts/infra.sh up)"
  find_db_admin
  # Database grants live in mysql.db and survive DROP DATABASE, so users keep their access.
  for db in "${TEST_DBS[@]}"; do
    echo "DROP DATABASE IF EXISTS \`$db\`;"
    create_db_sql "$db"
  done | admin_sql
  log "recreated ${TEST_DBS[*]}"
}

usage() {
  echo "usage: $0 {up|check|down|reset-test-dbs}" >&2
  exit 2
}

main() {
  (($# == 1)) || usage
  case "$1" in
    up) cmd_up ;;
    check) cmd_check ;;
    down) cmd_down ;;
    reset-test-dbs) cmd_reset_test_dbs ;;
    *) usage ;;
  esac
}

main "$@"
