#!/usr/bin/env bash
# The system on a local kind cluster through the Helm chart (make kind-up, kind-test, kind-down).
#   scripts/kind.sh up      build, make the cluster (k8s/kind-cluster.yaml), build and load the images,
#                           make the RSA key pair the tokens are signed with and its Secret, install
#                           the chart, wait until every pod is ready; the API is then on
#                           http://127.0.0.1:8080
#   scripts/kind.sh test    the contention suite in external mode against http://127.0.0.1:8080,
#                           signing its tokens with the key pair's private key
#   scripts/kind.sh down    delete the cluster (and the key pair)
#   scripts/kind.sh images  only build the images and load them into the running cluster
# Settings (environment): CONTAINER_TOOL=docker|podman (default: whichever answers, Docker first),
# KIND_CLUSTER (concurrency-commerce), KIND_NAMESPACE (concurrency-commerce), HELM_RELEASE
# (concurrency-commerce), IMAGE_TAG (<project version>-<git short sha>), CONTENTION_SIZE (moderate|full),
# AUTH_ISSUER (concurrency-commerce: the iss of every token; the same for up and test).
# Every command that changes something is printed before it runs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLUSTER="${KIND_CLUSTER:-concurrency-commerce}"
NAMESPACE="${KIND_NAMESPACE:-concurrency-commerce}"
RELEASE="${HELM_RELEASE:-concurrency-commerce}"
CHART="$ROOT/helm/concurrency-commerce"
CONTEXT="kind-$CLUSTER"
SERVICES=(point-service order-service auction-service)
ARCHIVES="$ROOT/target/kind"
ENTRY_URL="http://127.0.0.1:8080"
# The key pair lives with the cluster's build output, under target/ (ignored by git, never committed).
KEYS="$ARCHIVES/auth"
AUTH_SECRET="$RELEASE-auth-keys"
AUTH_ISSUER="${AUTH_ISSUER:-concurrency-commerce}"

run() { # print a command, then run it
  printf '+ %s\n' "$*" >&2
  "$@"
}

die() {
  echo "kind.sh: $*" >&2
  exit 1
}

need() { # need <command> <what it is for / how to get it>
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found: $2"
}

# Docker or Podman, whichever is set or answers (the same choice as scripts/images.sh makes);
# kind is told to use Podman when that is the one.
container_tool() {
  "$ROOT/scripts/images.sh" tool || exit 1
}

check_tools() {
  TOOL="$(container_tool)"
  "$TOOL" info >/dev/null 2>&1 || die "$TOOL is installed but does not answer ('$TOOL info' fails): is its daemon or machine running?"
  if [ "$TOOL" = podman ]; then
    export KIND_EXPERIMENTAL_PROVIDER=podman
  fi
  need kind "install kind 0.24+ (kind.sigs.k8s.io), the Kubernetes-in-$TOOL tool"
  need kubectl "install kubectl (1.27+)"
  need helm "install Helm 3 (helm.sh)"
  need openssl "install OpenSSL (it makes the key pair the tokens are signed with)"
  echo "kind.sh: using $TOOL, $(kind version), helm $(helm version --short)" >&2
}

cluster_exists() {
  kind get clusters 2>/dev/null | grep -qx "$CLUSTER"
}

image_tag() {
  CONTAINER_TOOL="$TOOL" "$ROOT/scripts/images.sh" tag
}

# Build the three images and load them into every node of the cluster. `kind load image-archive`
# works the same for Docker and Podman (`kind load docker-image` does not find Podman's images).
load_images() {
  local tag="$1" svc image
  run mkdir -p "$ARCHIVES"
  # the same images as `make images` (scripts/images.sh), tagged for this cluster
  run env IMAGE_TAG="$tag" CONTAINER_TOOL="$TOOL" "$ROOT/scripts/images.sh" build
  for svc in "${SERVICES[@]}"; do
    image="concurrency-commerce/$svc:$tag"
    run "$TOOL" save -o "$ARCHIVES/$svc.tar" "$image"
    run kind load image-archive "$ARCHIVES/$svc.tar" --name "$CLUSTER"
    run rm -f "$ARCHIVES/$svc.tar"
  done
}

# Podman names its own builds localhost/<name>, and the nodes keep that name; Docker's builds land
# under the short name. The chart then needs image.registry=localhost to find them.
image_registry() {
  local node
  node="$(kind get nodes --name "$CLUSTER" | head -n 1)"
  if "$TOOL" exec "$node" crictl images 2>/dev/null | awk '{print $1}' | grep -q '^localhost/concurrency-commerce/'; then
    echo localhost
  fi
}

# The IPv4 ranges of kind's node network. The kubelet's probes come from the nodes' addresses; the
# NetworkPolicy API exempts them, but kindnet has not always done so, and then no pod became ready.
node_subnets() {
  local format='{{range .IPAM.Config}}{{.Subnet}} {{end}}'
  if [ "$TOOL" = podman ]; then
    format='{{range .Subnets}}{{.Subnet}} {{end}}'
  fi
  "$TOOL" network inspect kind --format "$format" 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+(\.[0-9]+){3}/[0-9]+$' | paste -sd, - || true
}

# The RSA key pair: the services verify tokens with public.pem, order-service and auction-service
# sign their service tokens with private.pem (PKCS#8), and `test` signs the suite's tokens with it.
# Made once and kept (until `down`), so the running pods and the suite agree.
auth_keys() {
  if [ -f "$KEYS/private.pem" ] && [ -f "$KEYS/public.pem" ]; then
    return
  fi
  run mkdir -p -m 700 "$KEYS"
  run openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEYS/private.pem"
  run openssl pkey -in "$KEYS/private.pem" -pubout -out "$KEYS/public.pem"
}

# Whether the cluster's Secret holds this checkout's public key.
cluster_has_keys() {
  local deployed
  deployed="$(kubectl --context "$CONTEXT" --namespace "$NAMESPACE" get secret "$AUTH_SECRET" \
    -o 'jsonpath={.data.public\.pem}' 2>/dev/null | base64 -d)" || return 1
  [ -n "$deployed" ] && [ "$deployed" = "$(cat "$KEYS/public.pem")" ]
}

# The key pair as the Secret the chart mounts (auth.keySecret); applied, so `up` can run again.
auth_secret() {
  run kubectl --context "$CONTEXT" create namespace "$NAMESPACE" --dry-run=client -o yaml \
    | run kubectl --context "$CONTEXT" apply -f -
  run kubectl --context "$CONTEXT" --namespace "$NAMESPACE" create secret generic "$AUTH_SECRET" \
    --from-file=public.pem="$KEYS/public.pem" --from-file=private.pem="$KEYS/private.pem" --dry-run=client -o yaml \
    | run kubectl --context "$CONTEXT" --namespace "$NAMESPACE" apply -f -
}

up() {
  check_tools
  run "$ROOT/mvnw" -B package -DskipTests
  if cluster_exists; then
    echo "kind.sh: cluster $CLUSTER exists, reusing it" >&2
  else
    run kind create cluster --name "$CLUSTER" --config "$ROOT/k8s/kind-cluster.yaml" --wait 180s
  fi
  local tag registry subnets restart=""
  tag="$(image_tag)"
  load_images "$tag"
  auth_keys
  # services already running with another key pair read the new one only when they start again
  if ! cluster_has_keys && helm status "$RELEASE" --kube-context "$CONTEXT" --namespace "$NAMESPACE" >/dev/null 2>&1; then
    restart=yes
  fi
  auth_secret
  registry="$(image_registry)"
  subnets="$(node_subnets)"
  local probe_sources=()
  if [ -n "$subnets" ]; then
    probe_sources=(--set "networkPolicy.probeSources={$subnets}")
  else
    echo "kind.sh: could not read kind's node network; the kubelet's probes rely on kindnet exempting them" >&2
  fi
  run helm upgrade --install "$RELEASE" "$CHART" \
    --kube-context "$CONTEXT" --namespace "$NAMESPACE" --create-namespace \
    --values "$ROOT/k8s/kind-values.yaml" \
    --set-string "image.tag=$tag" --set-string "image.registry=$registry" \
    --set-string "auth.issuer=$AUTH_ISSUER" --set-string "auth.keySecret=$AUTH_SECRET" \
    ${probe_sources[@]+"${probe_sources[@]}"} \
    --wait --timeout 10m
  if [ -n "$restart" ]; then
    local svc
    for svc in "${SERVICES[@]}"; do
      run kubectl --context "$CONTEXT" --namespace "$NAMESPACE" rollout restart "deployment/$RELEASE-$svc"
    done
    for svc in "${SERVICES[@]}"; do
      run kubectl --context "$CONTEXT" --namespace "$NAMESPACE" rollout status "deployment/$RELEASE-$svc" --timeout=10m
    done
  fi
  run kubectl --context "$CONTEXT" --namespace "$NAMESPACE" wait --for=condition=Ready pods --all --timeout=10m
  run kubectl --context "$CONTEXT" --namespace "$NAMESPACE" get pods -o wide
  await_entry_point
  cat >&2 <<EOF

kind.sh: ready. The API is on $ENTRY_URL (images $tag):
  /members -> point-service, /products /orders -> order-service, /auctions -> auction-service
  (/payments and /holds are not routed: only order-service and auction-service call them)
  Every request wants "Authorization: Bearer <JWT>": RS256, signed with $KEYS/private.pem, iss "$AUTH_ISSUER".
  make kind-test    the contention suite against it
  make kind-down    delete the cluster
EOF
}

# The gateway through the host port mapping: what `test` and a user will use.
await_entry_point() {
  if ! command -v curl >/dev/null 2>&1; then
    echo "kind.sh: no curl here, not checking $ENTRY_URL/healthz" >&2
    return
  fi
  local _
  for _ in $(seq 1 30); do
    if curl -fsS "$ENTRY_URL/healthz" >/dev/null 2>&1; then
      return
    fi
    sleep 2
  done
  die "$ENTRY_URL/healthz does not answer: has make kind-up finished? Is host port 8080 free, and was the cluster made from k8s/kind-cluster.yaml?"
}

# The suite signs its tokens with the private key whose public half the cluster verifies with.
check_auth_keys() {
  need kubectl "install kubectl (1.27+)"
  if [ ! -f "$KEYS/private.pem" ] || [ ! -f "$KEYS/public.pem" ]; then
    die "no key pair under $KEYS: run make kind-up (it makes one and gives it to the cluster)"
  fi
  cluster_has_keys || die "Secret $AUTH_SECRET of the cluster does not hold the key pair under $KEYS (or cannot be read): run make kind-up again"
}

contention() {
  need curl "install curl"
  await_entry_point
  check_auth_keys
  # The suite's module needs the api-client (and the services, as declared dependencies) installed;
  # with -am instead, every service's own @QuarkusTests would run too and want a local database.
  run "$ROOT/mvnw" -B -q install -DskipTests
  # The checks that read payments and holds (service-only paths the gateway does not route) reach
  # point-service through a port-forward, with a service token; the settlement check reads each
  # service's /q/metrics (not routed either) through one too: local ports 18081, 18082, 18083.
  local forwards=() service port local_port waited
  trap 'kill "${forwards[@]}" 2>/dev/null || true' RETURN
  for service in point order auction; do
    case "$service" in point) port=8081 ;; order) port=8082 ;; auction) port=8083 ;; esac
    local_port=$((port + 10000))
    kubectl --context "$CONTEXT" --namespace "$NAMESPACE" port-forward "service/$RELEASE-$service-service" "$local_port:$port" \
      >"$ROOT/target/kind-port-forward-$service.log" 2>&1 &
    forwards+=($!)
    waited=0
    until curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$local_port/q/health/ready" 2>/dev/null; do
      ((waited++ < 30)) || die "the port-forward to $service-service does not answer; see target/kind-port-forward-$service.log"
      sleep 1
    done
  done
  # One URL per service: the gateway; kube-proxy behind it spreads the requests over the replicas.
  # The scenarios that need processes of their own (kills, outages, negative controls) skip themselves.
  # The suite signs its tokens with the cluster's private key and issuer.
  run "$ROOT/mvnw" -B verify -pl contention-tests -DskipTests=false \
    -Dcontention.size="${CONTENTION_SIZE:-moderate}" \
    -Dcontention.point.urls="$ENTRY_URL" \
    -Dcontention.order.urls="$ENTRY_URL" \
    -Dcontention.auction.urls="$ENTRY_URL" \
    -Dcontention.point.internal-url=http://127.0.0.1:18081 \
    -Dcontention.point.metrics-url=http://127.0.0.1:18081 \
    -Dcontention.order.metrics-url=http://127.0.0.1:18082 \
    -Dcontention.auction.metrics-url=http://127.0.0.1:18083 \
    -Dcontention.auth.private-key="$KEYS/private.pem" \
    -Dcontention.auth.issuer="$AUTH_ISSUER"
}

down() {
  need kind "install kind"
  if [ "${CONTAINER_TOOL:-}" = podman ] || { ! command -v docker >/dev/null 2>&1 && command -v podman >/dev/null 2>&1; }; then
    export KIND_EXPERIMENTAL_PROVIDER=podman
  fi
  run kind delete cluster --name "$CLUSTER"
  # the image archives and the key pair: the next cluster gets a new one
  run rm -rf "$ARCHIVES"
}

images() {
  check_tools
  cluster_exists || die "no cluster $CLUSTER: run make kind-up first"
  load_images "$(image_tag)"
}

case "${1:-}" in
  up) up ;;
  test) contention ;;
  down) down ;;
  images) images ;;
  *)
    echo "usage: scripts/kind.sh up|test|down|images" >&2
    exit 2
    ;;
esac
