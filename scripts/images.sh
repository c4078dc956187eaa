#!/usr/bin/env bash
# The three service images, built from their own <service>/src/main/docker/Dockerfile.jvm:
# concurrency-commerce/<service>:<tag>. `make images` runs this; scripts/kind.sh loads what it builds.
#
#   scripts/images.sh          build the three images (packaging the services first if a jar is missing);
#                              print their names, one per line
#   scripts/images.sh tag      print the tag they get
#   scripts/images.sh base     print the base image they are built FROM
#   scripts/images.sh tool     print the container tool it uses (scripts/kind.sh asks this too)
#
# Environment:
#   IMAGE_TAG       the tag (default <project version>-<git short sha>, with -dirty-<time> for uncommitted changes)
#   BASE_IMAGE      the JRE image to build FROM (default: the Dockerfiles' public eclipse-temurin image if it is
#                   here or can be pulled, else the one scripts/base-images.sh builds from Debian's packages)
#   CONTAINER_TOOL  docker or podman (default: whichever answers, Docker first)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVICES=(point-service order-service auction-service)
PUBLIC_BASE="eclipse-temurin:21-jre-noble"

log() { echo "images: $*" >&2; }
die() { echo "images: ERROR: $*" >&2; exit 1; }

container_tool() {
  if [ -n "${CONTAINER_TOOL:-}" ]; then
    command -v "$CONTAINER_TOOL" >/dev/null 2>&1 || die "'$CONTAINER_TOOL' not found: CONTAINER_TOOL=$CONTAINER_TOOL is not installed"
    echo "$CONTAINER_TOOL"
  elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    echo docker
  elif command -v podman >/dev/null 2>&1 && podman info >/dev/null 2>&1; then
    echo podman
  else
    die "neither Docker nor Podman answers: install one and start it (docker info / podman info must work), or set CONTAINER_TOOL"
  fi
}

image_tag() {
  if [ -n "${IMAGE_TAG:-}" ]; then
    echo "$IMAGE_TAG"
    return
  fi
  local version sha
  version="$("$ROOT/mvnw" -q -B -N -f "$ROOT/pom.xml" org.apache.maven.plugins:maven-help-plugin:3.5.1:evaluate \
    -Dexpression=project.version -DforceStdout)"
  [ -n "$version" ] || die "cannot read the project version from pom.xml"
  sha="$(git -C "$ROOT" rev-parse --short HEAD)"
  # uncommitted changes make a different image: a tag of its own, so nothing keeps a stale one
  if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ]; then
    sha="$sha-dirty-$(date +%Y%m%d%H%M%S)"
  fi
  echo "$version-$sha"
}

base_image() {
  local tool="$1"
  if [ -n "${BASE_IMAGE:-}" ]; then
    echo "$BASE_IMAGE"
  elif "$tool" image inspect "$PUBLIC_BASE" >/dev/null 2>&1 || timeout 60 "$tool" pull -q "$PUBLIC_BASE" >/dev/null 2>&1; then
    echo "$PUBLIC_BASE"
  else
    log "$PUBLIC_BASE cannot be pulled here: using a JRE base built from Debian's packages"
    CONTAINER_TOOL="$tool" "$ROOT/scripts/base-images.sh" jre
  fi
}

build() {
  local tool tag base svc image missing=()
  tool="$(container_tool)"
  tag="$(image_tag)"
  for svc in "${SERVICES[@]}"; do
    [ -f "$ROOT/$svc/target/quarkus-app/quarkus-run.jar" ] || missing+=("$svc")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "packaging ${missing[*]}"
    "$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" package -DskipTests -pl "$(IFS=,; echo "${missing[*]}")" -am >&2
  fi
  base="$(base_image "$tool")"
  for svc in "${SERVICES[@]}"; do
    image="concurrency-commerce/$svc:$tag"
    log "building $image FROM $base"
    "$tool" build -q -f "$ROOT/$svc/src/main/docker/Dockerfile.jvm" -t "$image" \
      --build-arg "BASE_IMAGE=$base" --build-arg "VERSION=$tag" --build-arg "REVISION=$(git -C "$ROOT" rev-parse HEAD)" \
      "$ROOT" >/dev/null
    echo "$image"
  done
}

case "${1:-build}" in
  -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' ;;
  build) build ;;
  tag) image_tag ;;
  base) base_image "$(container_tool)" ;;
  tool) container_tool ;;
  *) die "unknown command '$1' (build, tag, base, tool)" ;;
esac
