#!/usr/bin/env bash
# Makes a Docker engine answer on this machine, for `make chart-run` (and CI): uses the one that
# answers, else starts dockerd (installing Debian's docker.io and debootstrap first if missing).
#
#   scripts/docker-engine.sh up     make `docker info` work
#   scripts/docker-engine.sh down   stop the dockerd this script started
#
# The engine keeps its images in /var/lib/docker, so the base images built once stay for later runs.
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT_DIR/target/docker-engine"

log() { echo "docker-engine: $*" >&2; }
die() { echo "docker-engine: ERROR: $*" >&2; exit 1; }

up() {
  if docker info >/dev/null 2>&1; then
    return
  fi
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || die "no Docker engine answers and installing one needs root"
    log "installing docker.io and debootstrap from Debian's packages"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io debootstrap >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io debootstrap >/dev/null; } \
      || die "could not install docker.io and debootstrap"
  fi
  mkdir -p "$STATE"
  log "starting dockerd (log: $STATE/dockerd.log)"
  nohup dockerd > "$STATE/dockerd.log" 2>&1 &
  echo $! > "$STATE/dockerd.pid"
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return
    sleep 1
  done
  die "dockerd did not answer within 60 s; see $STATE/dockerd.log"
}

down() {
  if [ -f "$STATE/dockerd.pid" ]; then
    kill "$(cat "$STATE/dockerd.pid")" 2>/dev/null || true
    rm -f "$STATE/dockerd.pid"
  fi
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  *) die "usage: scripts/docker-engine.sh up|down" ;;
esac
