#!/usr/bin/env bash
# Runs the whole system locally: MariaDB and Redis (scripts/infra.sh), then REPLICAS instances
# of every service that has been built, each on its own port, until Ctrl-C.
#
#   scripts/run.sh                   build, then run one instance of each service
#   REPLICAS=3 scripts/run.sh        three instances each: ports 8081/8181/8281 (point),
#                                    8082/8182/8282 (order), 8083/8183/8283 (auction)
#
# Environment: REPLICAS (1), SKIP_BUILD (set to 1 to use the jars as they are),
# DB_HOST (127.0.0.1:3306), REDIS_URL (redis://127.0.0.1:6379), READY_TIMEOUT (90 s per process),
# STOP_TIMEOUT (10 s before SIGKILL), JAVA_OPTS (extra JVM options).
# Logs: target/run/<service>-<replica>.log
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT_DIR"

REPLICAS="${REPLICAS:-1}"
DB_HOST="${DB_HOST:-127.0.0.1:3306}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
READY_TIMEOUT="${READY_TIMEOUT:-90}"
STOP_TIMEOUT="${STOP_TIMEOUT:-10}"
RUN_DIR="target/run"

# Start order; replica i of the n-th service listens on 8081 + n + 100 * i.
SERVICES=(point-service order-service auction-service)
BASE_PORTS=(8081 8082 8083)

log() { echo "run: $*"; }
die() { echo "run: ERROR: $*" >&2; exit 1; }

[[ "$REPLICAS" =~ ^[1-9][0-9]?$ ]] || die "REPLICAS must be a number from 1 to 99, not '$REPLICAS'"
command -v curl >/dev/null 2>&1 || die "curl is needed to check readiness; install it (e.g. 'apt-get install curl')"

# Started processes (parallel arrays; URLS is only used for the table).
PIDS=()
NAMES=()
LOGS=()
URLS=()

# ---------------------------------------------------------------- stopping

stop_all() {
  local pid alive=() i
  ((${#PIDS[@]})) || return 0
  log "stopping ${#PIDS[@]} process(es)"
  kill -TERM "${PIDS[@]}" 2>/dev/null
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    alive=()
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    ((${#alive[@]})) || break
    sleep 0.1
  done
  if ((${#alive[@]})); then
    log "still running after ${STOP_TIMEOUT}s, killing: ${alive[*]}"
    kill -KILL "${alive[@]}" 2>/dev/null
  fi
  wait 2>/dev/null
  PIDS=()
}

on_exit() {
  local rc=$?
  trap '' INT TERM
  trap - EXIT
  set +e
  stop_all
  log "stopped"
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- helpers

port_in_use() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

is_local() { [[ "$1" == 127.0.0.1 || "$1" == localhost ]]; }

# show_failure NAME LOG MESSAGE: print the end of the log and exit 1 (the EXIT trap stops the rest).
show_failure() {
  echo "run: ERROR: $1 $3; last lines of $2:" >&2
  tail -n 40 "$2" | sed 's/^/    /' >&2
  exit 1
}

wait_ready() { # wait_ready NAME PID PORT LOG
  local name="$1" pid="$2" port="$3" logfile="$4" deadline=$((SECONDS + READY_TIMEOUT)) rc=0
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" || rc=$?
      show_failure "$name" "$logfile" "exited with status $rc before it was ready"
    fi
    if curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; then
      log "$name ready on http://127.0.0.1:$port"
      return 0
    fi
    sleep 1
  done
  show_failure "$name" "$logfile" "not ready after ${READY_TIMEOUT}s"
}

start_service() { # start_service SERVICE REPLICA PORT [EXTRA JVM ARGS...]
  local svc="$1" replica="$2" port="$3" short="${1%-service}"
  shift 3
  local name="$svc-$replica" logfile="$RUN_DIR/$svc-$replica.log"
  port_in_use "$port" && die "port $port (for $name) is already in use; is another run.sh still running?"
  log "starting $name on port $port (log: $logfile)"
  "$JAVA" "${JVM_OPTS[@]}" \
    -Dquarkus.http.port="$port" \
    -Dquarkus.datasource.jdbc.url="jdbc:mysql://$DB_HOST/${short}_db" \
    -Dquarkus.datasource.username="${short}_svc" \
    -Dquarkus.datasource.password="${short}_svc" \
    -Dquarkus.redis.hosts="$REDIS_URL" \
    -Dmp.jwt.verify.publickey.location="$DEV_KEYS/public.pem" \
    -Dsmallrye.jwt.sign.key.location="$DEV_KEYS/private.pem" \
    "$@" -jar "$ROOT_DIR/$svc/target/quarkus-app/quarkus-run.jar" </dev/null >"$logfile" 2>&1 &
  PIDS+=("$!")
  NAMES+=("$name")
  LOGS+=("$logfile")
  URLS+=("http://127.0.0.1:$port")
  wait_ready "$name" "$!" "$port" "$logfile"
}

# ---------------------------------------------------------------- main

# Infrastructure: only when DB and Redis are the local ones infra.sh manages.
db_host="${DB_HOST%:*}" db_port="${DB_HOST##*:}"
[[ "$DB_HOST" == *:* ]] || db_port=3306
redis_hostport="${REDIS_URL#*://}"
redis_hostport="${redis_hostport##*@}"
redis_hostport="${redis_hostport%%/*}"
redis_host="${redis_hostport%:*}" redis_port="${redis_hostport##*:}"
[[ "$redis_hostport" == *:* ]] || redis_port=6379
if is_local "$db_host" && is_local "$redis_host"; then
  DB_PORT="$db_port" REDIS_PORT="$redis_port" scripts/infra.sh up
else
  log "database $db_host / Redis $redis_host not both local: skipping scripts/infra.sh up"
fi

if [[ "${SKIP_BUILD:-}" == 1 ]]; then
  log "SKIP_BUILD=1: using the existing jars"
else
  log "building (./mvnw -B -q package -DskipTests)"
  ./mvnw -B -q package -DskipTests || die "build failed"
fi

# shellcheck source=scripts/find-jdk.sh
. scripts/find-jdk.sh
JAVA_HOME="$(find_jdk)"
JAVA="$JAVA_HOME/bin/java"
JVM_OPTS=()
# Netty still touches sun.misc.Unsafe; JDK 24+ warns about it at every start (as in ./mvnw).
if (($(java_major "$JAVA") >= 24)); then JVM_OPTS+=(--sun-misc-unsafe-memory-access=allow); fi
# shellcheck disable=SC2206 # JAVA_OPTS is a whitespace-separated list of options
JVM_OPTS+=(${JAVA_OPTS:-})
log "using $JAVA (Java $(java_major "$JAVA"))"

# Authentication: a dev key pair under target/dev-keys/ (never committed); `make token SUB=<id>` signs with it.
DEV_KEYS="$(scripts/token.sh keys)"

point_addresses=""
for ((i = 0; i < REPLICAS; i++)); do point_addresses+="${point_addresses:+,}127.0.0.1:$((8081 + 100 * i))"; done

mkdir -p "$RUN_DIR"
for s in "${!SERVICES[@]}"; do
  svc="${SERVICES[$s]}"
  if [[ ! -f "$svc/target/quarkus-app/quarkus-run.jar" ]]; then
    [[ -d "$svc" ]] && log "skipping $svc: $svc/target/quarkus-app/quarkus-run.jar does not exist"
    continue
  fi
  extra=()
  [[ "$svc" == point-service ]] ||
    extra=(-Dquarkus.stork.point-service.service-discovery.address-list="$point_addresses")
  for ((i = 0; i < REPLICAS; i++)); do
    start_service "$svc" "$i" "$((BASE_PORTS[s] + 100 * i))" "${extra[@]}"
  done
done
((${#PIDS[@]})) || die "no service jar found; build with ./mvnw -B package -DskipTests"

echo
printf '  %-21s %-23s %s\n' PROCESS URL LOG
for k in "${!PIDS[@]}"; do printf '  %-21s %-23s %s\n' "${NAMES[$k]}" "${URLS[$k]}" "${LOGS[$k]}"; done
echo
echo "  On every URL: /q/swagger-ui  /q/health/ready  /q/metrics   (e.g. ${URLS[0]}/q/swagger-ui)"
echo
echo "Press Ctrl-C to stop"

# Run until Ctrl-C; report processes that end on their own and keep the others running.
while ((${#PIDS[@]})); do
  wait -n 2>/dev/null || true
  keep_pids=() keep_names=() keep_logs=()
  for k in "${!PIDS[@]}"; do
    if kill -0 "${PIDS[$k]}" 2>/dev/null; then
      keep_pids+=("${PIDS[$k]}") keep_names+=("${NAMES[$k]}") keep_logs+=("${LOGS[$k]}")
    else
      rc=0
      wait "${PIDS[$k]}" 2>/dev/null || rc=$?
      log "${NAMES[$k]} exited with status $rc (see ${LOGS[$k]})"
    fi
  done
  PIDS=("${keep_pids[@]}") NAMES=("${keep_names[@]}") LOGS=("${keep_logs[@]}")
done
die "every service has exited"
