#!/usr/bin/env bash
# A local Keycloak for end-to-end tests, run without Docker from the keycloak-quarkus-dist zip,
# with the test realm auth/keycloak/commerce-realm.json (see auth/keycloak/README.md).
#
#   scripts/keycloak.sh fetch                           get the dist through Maven and unpack it under target/keycloak/ (once)
#   scripts/keycloak.sh start [port]                    start-dev on 127.0.0.1:PORT (8180) with a fresh dev database and the
#                                                       realm imported; returns once the realm's OIDC discovery answers
#   scripts/keycloak.sh stop                            stop the Keycloak that start started
#   scripts/keycloak.sh token-password USER PASSWORD    print an access token of USER (password grant, client commerce-cli)
#   scripts/keycloak.sh token-client CLIENT_ID SECRET   print an access token of CLIENT_ID (client-credentials grant)
#   scripts/keycloak.sh decode TOKEN                    print a JWT's header and payload
#
# Environment: KEYCLOAK_VERSION (26.7.3), KEYCLOAK_PORT (8180), KEYCLOAK_MANAGEMENT_PORT (9180),
# KEYCLOAK_WAIT_SECONDS (300), KC_BOOTSTRAP_ADMIN_USERNAME (admin) and KC_BOOTSTRAP_ADMIN_PASSWORD
# (random, written to target/keycloak/admin-password) for the master realm's admin.
# Keycloak 26 needs a JDK 21+, found by scripts/find-jdk.sh.
set -euo pipefail

KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.7.3}"
DEFAULT_PORT="${KEYCLOAK_PORT:-8180}"
MANAGEMENT_PORT="${KEYCLOAK_MANAGEMENT_PORT:-9180}"
WAIT_SECONDS="${KEYCLOAK_WAIT_SECONDS:-300}"
REALM=commerce
CLI_CLIENT=commerce-cli

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REALM_FILE="$ROOT_DIR/auth/keycloak/$REALM-realm.json"
WORK_DIR="$ROOT_DIR/target/keycloak"
KC_HOME="$WORK_DIR/keycloak-$KEYCLOAK_VERSION"
PID_FILE="$WORK_DIR/pid"
URL_FILE="$WORK_DIR/url"
LOG_FILE="$WORK_DIR/keycloak.log"
ADMIN_PASSWORD_FILE="$WORK_DIR/admin-password"

log() { echo "keycloak: $*"; }
die() { echo "keycloak: ERROR: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------- fetch

cmd_fetch() {
  if [[ -x "$KC_HOME/bin/kc.sh" ]]; then
    log "Keycloak $KEYCLOAK_VERSION already unpacked in ${KC_HOME#"$ROOT_DIR"/}"
    return 0
  fi
  # Unpack into a scratch directory (which also holds the plugin's markers) and move the result
  # into place, so an interrupted fetch never looks like a finished one.
  local scratch="$WORK_DIR/unpack.tmp"
  rm -rf "$scratch"
  mkdir -p "$scratch"
  log "fetching org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip through Maven (about 170 MB)"
  (cd "$scratch" && "$ROOT_DIR/mvnw" -B -q -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -DoutputDirectory="$scratch/out") ||
    die "could not fetch keycloak-quarkus-dist $KEYCLOAK_VERSION through Maven"
  [[ -f "$scratch/out/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ]] ||
    die "the dist zip did not contain keycloak-$KEYCLOAK_VERSION/bin/kc.sh"
  mv "$scratch/out/keycloak-$KEYCLOAK_VERSION" "$KC_HOME"
  rm -rf "$scratch"
  chmod +x "$KC_HOME"/bin/*.sh
  log "unpacked Keycloak $KEYCLOAK_VERSION into ${KC_HOME#"$ROOT_DIR"/}"
}

# ---------------------------------------------------------------- process state

running_pid() { # prints the pid of the Keycloak started here, if it still runs
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  # A recycled pid is not ours: the process must run from this checkout's dist.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$WORK_DIR/keycloak-" || return 1
  echo "$pid"
}

base_url() { # the URL start used, else the default one
  if [[ -f "$URL_FILE" ]]; then cat "$URL_FILE"; else echo "http://127.0.0.1:$DEFAULT_PORT"; fi
}

discovery_answers() { # discovery_answers BASE_URL
  curl -fsS --max-time 5 -o /dev/null "$1/realms/$REALM/.well-known/openid-configuration" 2>/dev/null
}

port_in_use() { timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

log_tail() { if [[ -f "$LOG_FILE" ]]; then tail -n 40 "$LOG_FILE" >&2; fi; }

# ---------------------------------------------------------------- start / stop

admin_password() {
  if [[ -n "${KC_BOOTSTRAP_ADMIN_PASSWORD:-}" ]]; then
    echo "$KC_BOOTSTRAP_ADMIN_PASSWORD"
  else
    od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
  fi
}

cmd_start() {
  local port="${1:-$DEFAULT_PORT}" url pid jdk i started
  [[ "$port" =~ ^[0-9]+$ ]] || die "port must be a number, not '$port'"
  url="http://127.0.0.1:$port"
  if pid="$(running_pid)"; then
    if [[ "$(base_url)" == "$url" ]] && discovery_answers "$url"; then
      log "already running (pid $pid) at $url"
      return 0
    fi
    die "a Keycloak started here already runs (pid $pid, $(base_url)); run '$0 stop' first"
  fi
  port_in_use "$port" && die "127.0.0.1:$port is already in use by another process"
  port_in_use "$MANAGEMENT_PORT" && die "management port 127.0.0.1:$MANAGEMENT_PORT is in use; set KEYCLOAK_MANAGEMENT_PORT"
  [[ -f "$REALM_FILE" ]] || die "realm file ${REALM_FILE#"$ROOT_DIR"/} is missing"
  cmd_fetch
  jdk="$("$ROOT_DIR/scripts/find-jdk.sh")" || die "Keycloak $KEYCLOAK_VERSION needs a JDK 21+"

  # Every start begins with an empty dev database, so the realm file and the admin password
  # always apply (an import skips a realm that already exists).
  rm -rf "$KC_HOME/data"
  mkdir -p "$KC_HOME/data/import"
  cp "$REALM_FILE" "$KC_HOME/data/import/"
  (umask 077 && admin_password >"$ADMIN_PASSWORD_FILE")

  log "starting Keycloak $KEYCLOAK_VERSION (JDK $jdk) on $url; log in ${LOG_FILE#"$ROOT_DIR"/}"
  # setsid: Keycloak gets its own process group, which stop signals as a whole.
  JAVA_HOME="$jdk" \
    KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" \
    KC_BOOTSTRAP_ADMIN_PASSWORD="$(cat "$ADMIN_PASSWORD_FILE")" \
    setsid "$KC_HOME/bin/kc.sh" start-dev \
    --http-host=127.0.0.1 --http-port="$port" \
    --hostname="$url" \
    --http-management-port="$MANAGEMENT_PORT" \
    --import-realm \
    >"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  echo "$url" >"$URL_FILE"

  started=$SECONDS
  for ((i = 0; ; i++)); do
    discovery_answers "$url" && break
    if ! kill -0 "$pid" 2>/dev/null; then
      log_tail
      rm -f "$PID_FILE"
      die "Keycloak exited during startup (log above, full log in ${LOG_FILE#"$ROOT_DIR"/})"
    fi
    if ((SECONDS - started >= WAIT_SECONDS)); then
      log_tail
      die "realm $REALM did not answer at $url within ${WAIT_SECONDS}s (still running as pid $pid; '$0 stop' ends it)"
    fi
    ((i % 15 == 0)) && log "waiting for $url/realms/$REALM ..."
    sleep 2
  done
  log "ready after $((SECONDS - started))s (pid $pid): issuer $url/realms/$REALM"
  log "admin console $url/admin as ${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}, password in ${ADMIN_PASSWORD_FILE#"$ROOT_DIR"/}"
}

cmd_stop() {
  local pid i
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still running after 30s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

# ---------------------------------------------------------------- tokens

token_request() { # token_request FORM_FIELD... : prints the access token, or the error and fails
  local url body status args=() field
  url="$(base_url)/realms/$REALM/protocol/openid-connect/token"
  for field in "$@"; do args+=(--data-urlencode "$field"); done
  body="$(curl -sS --max-time 10 -w '\n%{http_code}' "${args[@]}" "$url")" || die "no answer from $url (is Keycloak started?)"
  status="${body##*$'\n'}"
  body="${body%$'\n'*}"
  [[ "$status" == 200 ]] || die "token request failed with HTTP $status: $body"
  sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<<"$body"
}

cmd_token_password() {
  token_request grant_type=password "client_id=$CLI_CLIENT" "username=$1" "password=$2"
}

cmd_token_client() {
  token_request grant_type=client_credentials "client_id=$1" "client_secret=$2"
}

b64url_decode() { # decodes one base64url segment (no padding) from $1
  local s="${1//-/+}"
  s="${s//_//}"
  case $((${#s} % 4)) in
    2) s+="==" ;;
    3) s+="=" ;;
  esac
  base64 -d <<<"$s"
}

cmd_decode() {
  local header payload rest
  IFS=. read -r header payload rest <<<"$1"
  [[ -n "$payload" && -n "$rest" ]] || die "not a JWT (expected header.payload.signature)"
  if have jq; then
    b64url_decode "$header" | jq -c .
    b64url_decode "$payload" | jq .
  else
    b64url_decode "$header"
    echo
    b64url_decode "$payload"
    echo
  fi
}

# ---------------------------------------------------------------- main

usage() {
  echo "usage: $0 {fetch | start [port] | stop | token-password USER PASSWORD | token-client CLIENT_ID SECRET | decode TOKEN}" >&2
  exit 2
}

main() {
  (($# >= 1)) || usage
  local cmd="$1"
  shift
  case "$cmd:$#" in
    fetch:0) cmd_fetch ;;
    start:0 | start:1) cmd_start "$@" ;;
    stop:0) cmd_stop ;;
    token-password:2) cmd_token_password "$@" ;;
    token-client:2) cmd_token_client "$@" ;;
    decode:1) cmd_decode "$@" ;;
    *) usage ;;
  esac
}

main "$@"
