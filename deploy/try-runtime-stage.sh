#!/usr/bin/env bash
# What the image's runtime stage would run, without Docker (for machines that cannot build images): builds
# the gateway and the family page into a temporary folder, assembles the runtime stage there from the
# Dockerfile's own `COPY --from=build` lines, installs production dependencies only (`npm ci --omit=dev
# --ignore-scripts`, as the Dockerfile does), then starts the demo upstreams and one gateway configured as
# compose.yaml's gateway-1 (memory store instead of Redis) from it, and asks each what a family would.
#
#   deploy/try-runtime-stage.sh          # about a minute; needs the npm registry or its cache
#
# Exits non-zero on the first failure. Leaves nothing behind but its temporary folder, removed at exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/dg-runtime-stage.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "── build stage (into $WORK/build)"
mkdir -p "$WORK/build"
(cd "$ROOT" && npx tsc -p tsconfig.build.json --outDir "$WORK/build/dist")
(cd "$ROOT" && npx vite build --config web/vite.config.ts --outDir "$WORK/build/dist/web" --emptyOutDir --logLevel error)
cp -r "$ROOT/schema" "$WORK/build/schema"
mkdir -p "$WORK/build/client/src"
cp -r "$ROOT/client/src/generated" "$WORK/build/client/src/generated"

echo "── runtime stage (into $WORK/app): production dependencies, then the Dockerfile's COPY --from=build lines"
mkdir -p "$WORK/app"
cp "$ROOT/package.json" "$ROOT/package-lock.json" "$WORK/app/"
(cd "$WORK/app" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error)
grep -E '^COPY --from=build ' "$ROOT/Dockerfile" | while read -r _copy _from source target; do
  case "$target" in
    */) mkdir -p "$WORK/app/${target#./}" ;;
    *) mkdir -p "$WORK/app/$(dirname "${target#./}")" ;;
  esac
  # shellcheck disable=SC2086 # the source may be a glob (schema/*.graphql), as COPY allows
  cp -r $WORK/build${source#/app} "$WORK/app/${target#./}"
done
if [ -d "$WORK/app/node_modules/typescript" ] || [ -d "$WORK/app/node_modules/vitest" ]; then
  echo "dev dependencies were installed" >&2
  exit 1
fi

echo "── run: the demo upstreams and a gateway, from the runtime stage only"
ports=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{const a=s.address().port;const t=require('net').createServer();t.listen(0,'127.0.0.1',()=>{console.log(a,t.address().port);s.close();t.close()})})")
read -r GATEWAY_PORT ISSUER_PORT <<<"$ports"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
(cd "$WORK/app" && UPSTREAMS_PUBLIC_HOST=127.0.0.1 UPSTREAMS_ISSUER_PORT=$ISSUER_PORT UPSTREAMS_MESH_PORT=0 \
  UPSTREAMS_MOSREG_PORT=0 UPSTREAMS_DNEVNIK_PORT=0 UPSTREAMS_ELJUR_PORT=0 UPSTREAMS_GATEWAY_URLS=$GATEWAY \
  node dist/src/demo/upstreams-main.js >"$WORK/upstreams.log" 2>&1) &
PIDS+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$ISSUER_PORT/healthz" >/dev/null && break; sleep 0.2; done
cat "$WORK/upstreams.log"
# The tenants file of compose.yaml, each simulator's compose address replaced by the one it got here.
node -e "
  const guide = JSON.parse(require('child_process').execSync('curl -sf http://127.0.0.1:$ISSUER_PORT/').toString());
  let text = require('fs').readFileSync('$ROOT/deploy/demo-tenants.yaml', 'utf8');
  const composePorts = { 'mesh-moscow': 4011, 'mesh-mosreg': 4012, 'dnevnik-ru': 4013, eljur: 4014 };
  for (const d of guide.diaries) text = text.replaceAll('http://localhost:' + composePorts[d.tenant], d.url);
  require('fs').writeFileSync('$WORK/tenants.yaml', text);
"
(cd "$WORK/app" && NODE_ENV=production DEMO=off HOST=127.0.0.1 PORT=$GATEWAY_PORT PUBLIC_URL=$GATEWAY STORE=memory \
  OIDC_ISSUER="http://127.0.0.1:$ISSUER_PORT/demo/issuer" OIDC_CLIENT_ID=diary-gateway-demo \
  OIDC_CLIENT_SECRET=diary-gateway-demo-secret-not-for-production TENANTS_FILE="$WORK/tenants.yaml" \
  ID_SECRET=demo-only-id-secret-for-compose-not-for-production \
  PERSONAL_DATA_SECRET=demo-only-personal-data-secret-for-compose-not-for-production \
  CREDENTIAL_KEYS=demo:ZGVtby1vbmx5IGNvbXBvc2Ugc2VhbGluZyBrZXkgISE= PERSISTED_OPERATIONS=allow \
  node dist/src/main.js >"$WORK/gateway.log" 2>&1) &
PIDS+=($!)
for _ in $(seq 100); do curl -sf "$GATEWAY/healthz" >/dev/null && break; sleep 0.2; done

check() { # what, expected status, URL
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' "$3")
  if [ "$status" != "$2" ]; then
    echo "FAIL: $1: $3 answered $status, not $2" >&2
    cat "$WORK/gateway.log" >&2
    exit 1
  fi
  echo "ok: $1 ($status)"
}
check 'liveness' 200 "$GATEWAY/healthz"
check 'readiness' 200 "$GATEWAY/readyz"
check 'the family page (dist/web)' 200 "$GATEWAY/"
check 'GraphiQL from node_modules' 200 "$GATEWAY/graphiql/graphiql.js"
check 'sign-in starts at the demo issuer' 302 "$GATEWAY/auth/login"
# 303 to its sign-in page: the issuer knows the gateway's redirect URI (an unknown one is a 400).
check 'the issuer takes the sign-in' 303 "$(curl -s -o /dev/null -w '%{redirect_url}' "$GATEWAY/auth/login")"
answer=$(curl -s "$GATEWAY/graphql" -H 'content-type: application/json' -d '{"query":"{ tenants { id } }"}')
echo "$answer" | grep -q '"id":"dnevnik-ru"' || { echo "FAIL: tenants: $answer" >&2; exit 1; }
echo "ok: the schema and the demo tenants ($answer)"
echo "the runtime stage runs"
