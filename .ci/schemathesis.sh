#!/usr/bin/env bash
# Runs schemathesis against a started `migrate serve` (docs/api.md): no 5xx, every response matches /openapi.json.
#
#   swift build && .ci/schemathesis.sh [MAX_EXAMPLES]
#
# The server runs on a temporary store with a fleet, a cohort, samples and an admin token; the watch loop is off
# so the store changes only through the requests. Prints SCHEMATHESIS-RAN when schemathesis passed.
set -euo pipefail
cd "$(dirname "$0")/.."
MAX="${1:-25}"
command -v schemathesis >/dev/null 2>&1 || python3 -m pip install -q schemathesis
BIN="$(swift build --show-bin-path)/migrate"
[ -x "$BIN" ] || swift build
DIR="$(mktemp -d)"
export MIGRATE_DB="$DIR/migrate.db" MIGRATE_ACTOR=schemathesis
printf 'id,site,model\nCP-1,a,X\nCP-2,a,X\nCP-3,b,Y\n' > "$DIR/fleet.csv"
"$BIN" fleet import "$DIR/fleet.csv" >/dev/null
"$BIN" cohort create north --playbook playbooks/csms-cutover.yaml --where site=a >/dev/null
TOKEN="$("$BIN" token create --person schemathesis --role admin --approves operations,support,finance 2>/dev/null)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$BIN" serve --listen "127.0.0.1:$PORT" --evaluate-every 0 > "$DIR/serve.log" 2>&1 &
SERVER=$!
trap 'kill -TERM "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DIR"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
schemathesis run "http://127.0.0.1:$PORT/openapi.json" -H "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "$MAX" --request-timeout 30 --generation-deterministic
echo "SCHEMATHESIS-RAN"
