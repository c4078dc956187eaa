#!/usr/bin/env bash
# Prints an RS256 bearer token signed with the dev key pair (target/dev-keys/), the one `make run`
# gives the services; makes the key pair first if there is none.
#
#   scripts/token.sh keys                     make target/dev-keys/{private,public}.pem if missing; print the directory
#   scripts/token.sh SUB [GROUPS] [SECONDS]   a token for sub=SUB (a member id, or any name), groups=GROUPS
#                                             (comma-separated: member, admin, service; default member), valid SECONDS (3600)
#
# Environment: TOKEN_ISSUER (concurrency-commerce), the services' mp.jwt.verify.issuer.
# Dev keys only: never give them to a deployment anyone else can reach.
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KEYS="$ROOT_DIR/target/dev-keys"
ISSUER="${TOKEN_ISSUER:-concurrency-commerce}"

die() { echo "token: ERROR: $*" >&2; exit 1; }
command -v openssl >/dev/null 2>&1 || die "openssl is needed (e.g. 'apt-get install openssl')"

keys() {
  if [[ ! -f "$KEYS/private.pem" || ! -f "$KEYS/public.pem" ]]; then
    mkdir -p "$KEYS"
    chmod 700 "$KEYS"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEYS/private.pem" 2>/dev/null
    openssl pkey -in "$KEYS/private.pem" -pubout -out "$KEYS/public.pem"
    echo "token: made a dev key pair in $KEYS" >&2
  fi
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

token() {
  local sub="$1" groups="${2:-member}" seconds="${3:-3600}" now json_groups="" g
  [[ "$sub" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || die "SUB must be a member id or a plain name (letters, digits, . _ -)"
  [[ "$seconds" =~ ^[0-9]{1,7}$ ]] || die "SECONDS must be a whole number"
  IFS=',' read -r -a list <<<"$groups"
  for g in "${list[@]}"; do
    [[ "$g" == member || "$g" == admin || "$g" == service ]] || die "unknown group '$g' (member, admin or service)"
    json_groups+="${json_groups:+,}\"$g\""
  done
  now="$(date +%s)"
  local header payload signature
  header="$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)"
  payload="$(printf '{"iss":"%s","sub":"%s","groups":[%s],"iat":%d,"exp":%d}' "$ISSUER" "$sub" "$json_groups" "$now" "$((now + seconds))" | b64url)"
  signature="$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$KEYS/private.pem" | b64url)"
  printf '%s.%s.%s\n' "$header" "$payload" "$signature"
}

case "${1:-}" in
  "" | -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  keys) keys; echo "$KEYS" ;;
  *) keys; token "$@" ;;
esac
