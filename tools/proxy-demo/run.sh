#!/usr/bin/env bash
# The routing proxy, end to end on 127.0.0.1: two small CSMSes (legacy and target), `migrate proxy`, and six
# simulated charge points (the Python `ocpp` library: Tests/ProxyTests/Peers). The pilot's two chargers move
# to target at `advance` and come back at `rollback`; `migrate gates` shows the live KPIs the proxy imported
# by itself (sessions, drops, switches).
#
#   swift build && tools/proxy-demo/run.sh            (needs python3 with `ocpp` and `websockets`, and curl)
#
# MIGRATE=path/to/migrate picks another binary; DEMO_DIR=dir keeps the store, the logs and every process's
# output there (default: a new directory under /tmp, removed at the end unless DEMO_KEEP=1).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
migrate=${MIGRATE:-$root/.build/debug/migrate}
peers=$root/Tests/ProxyTests/Peers
work=${DEMO_DIR:-$(mktemp -d /tmp/migrate-proxy-demo.XXXXXX)}
mkdir -p "$work"
cd "$work"
pids=()
cleanup() {
    exec 3>&- 2>/dev/null || true
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [[ -z "${DEMO_DIR:-}" && -z "${DEMO_KEEP:-}" ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 143' INT TERM
fail() { echo "DEMO FAILED: $*" >&2; for f in proxy.err legacy.out target.out chargers.out; do echo "--- $f" >&2; tail -n 15 "$f" >&2 || true; done; exit 1; }
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
[[ -x "$migrate" ]] || fail "no migrate binary at $migrate (swift build first, or set MIGRATE)"
python3 -c 'import ocpp, websockets' 2>/dev/null || fail "python3 needs the ocpp and websockets packages (pip install ocpp websockets)"

# Waits up to $1 seconds for the command in the other arguments to succeed.
within() { local seconds=$1; shift; for _ in $(seq $((seconds * 10))); do if "$@"; then return 0; fi; sleep 0.1; done; return 1; }
port_of() { sed -n 's/^LISTENING //p' "$1" | head -n 1; }

say "two CSMSes on 127.0.0.1 (Python ocpp central systems)"
python3 -u "$peers/csms.py" --name legacy --log legacy.jsonl --tx-base 1000 </dev/null >legacy.out 2>&1 & pids+=($!)
python3 -u "$peers/csms.py" --name target --log target.jsonl --tx-base 5000 </dev/null >target.out 2>&1 & pids+=($!)
within 60 grep -q LISTENING legacy.out || fail "legacy CSMS did not start"
within 60 grep -q LISTENING target.out || fail "target CSMS did not start"
legacy="ws://127.0.0.1:$(port_of legacy.out)/ocpp"
target="ws://127.0.0.1:$(port_of target.out)/ocpp"
echo "legacy: $legacy"
echo "target: $target"

say "a fleet of six chargers, a cohort whose pilot is DEMO-1 and DEMO-2"
cat >playbook.yaml <<YAML
playbook: proxy-demo
version: 1
backends:
  legacy: $legacy
  target: $target
from: legacy
to: target
metrics:
  session_start_success:
    ratio: [session.started, session.attempted]
  connection_drops:
    per_charger_day: connection.dropped
  switch_failure_rate:
    mean: route.switch.failed
phases:
  - name: prepare
  - name: pilot
    scope: { pilot: [yes] }
    gates:
      - metric: session_start_success
        at_least: 0.95
        min_samples: 2
      - metric: connection_drops
        at_most: 1
      - metric: switch_failure_rate
        at_most: 0
        min_samples: 2
    on_fail: rollback
  - name: fleet
    scope: all
plans:
  rollback:
    - route: legacy
YAML
printf 'id,pilot\nDEMO-1,yes\nDEMO-2,yes\nDEMO-3,no\nDEMO-4,no\nDEMO-5,no\nDEMO-6,no\n' >fleet.csv
export MIGRATE_DB=$work/migrate.db
"$migrate" fleet import fleet.csv --db "$MIGRATE_DB"
"$migrate" cohort create demo --playbook playbook.yaml --all --db "$MIGRATE_DB"

say "migrate proxy on 127.0.0.1 (KPIs imported into the store every 2 s)"
"$migrate" proxy --db "$MIGRATE_DB" --listen 127.0.0.1:0 --operations 127.0.0.1:0 --log proxy-log --import-every 2s \
    --batch-interval 1s --poll-interval 250ms --idle-wait 30s >proxy.out 2>proxy.err & pids+=($!)
within 60 grep -q "chargers connect to" proxy.out || fail "the proxy did not start"
cat proxy.out
chargers_url=$(sed -n 's/^migrate proxy: chargers connect to \(.*\)\/{id}; .*/\1/p' proxy.out)
operations=$(sed -n 's/.*\/healthz and \/metrics on \(.*\)$/\1/p' proxy.out)

connections() { local n; n=$(curl -s "$operations/metrics" | sed -n "s/^migrate_proxy_connections{backend=\"$1\"} //p"); echo "${n:-0}"; }
show() { echo "connected through the proxy: legacy $(connections legacy || true), target $(connections target || true)"; }
on() { [[ "$(connections "$1")" == "$2" ]]; }

say "six charge points connect to the proxy (Python ocpp 1.6 charge points)"
rm -f chargers.in && mkfifo chargers.in
python3 -u "$peers/chargers.py" --url "$chargers_url" --ids DEMO-1,DEMO-2,DEMO-3,DEMO-4,DEMO-5,DEMO-6 --reconnect-delay 0.5 \
    <chargers.in >chargers.out 2>&1 & pids+=($!)
exec 3>chargers.in
within 60 on legacy 6 || fail "the chargers did not all connect to legacy"
show
charger() { echo "{\"cmd\": \"$1\", \"charger\": \"$2\"}" >&3; }
answered() { [[ $(grep -c "\"charger\": \"$2\".*\"action\": \"$1\"" chargers.out) -ge $3 ]]; }
session() { charger start "$1"; charger meter "$1"; charger stop "$1"; within 30 answered StopTransaction "$1" "$2" || fail "$1's session"; }
for id in DEMO-1 DEMO-2 DEMO-3; do session "$id" 1; done
echo "one charging session each on DEMO-1..3 (on legacy)"

say "migrate advance demo: the pilot moves to target"
"$migrate" advance demo --reason "pilot" --db "$MIGRATE_DB"
within 60 on target 2 || fail "the pilot did not move to target"
show
"$migrate" routes --db "$MIGRATE_DB"
for id in DEMO-1 DEMO-2; do session "$id" 2; done
echo "one more session each on DEMO-1 and DEMO-2, now on target"

say "migrate gates demo: the live KPIs the proxy imported (no import run by hand)"
within 30 grep -q '"switch":"done".*' proxy-log/switches-*.jsonl || fail "the proxy did not finish the pilot's switches"
# The proxy imports every 2 s, on a thread below the relay's priority: on a busy machine a pass can take longer.
# Wait until the store has both switches and all five sessions (once a second, up to 90 s).
samples() { "$migrate" metrics list --db "$MIGRATE_DB" | awk -v m="$1" '$1 == m { print $2 }'; }
imported() { [[ "$(samples route.switch.completed)" -ge 2 && "$(samples session.started)" -ge 5 ]]; }
for _ in $(seq 90); do imported && break; sleep 1; done
imported || fail "the proxy did not import the switches and sessions within 90 s"
"$migrate" gates demo --db "$MIGRATE_DB" || true
"$migrate" metrics list --db "$MIGRATE_DB"

say "migrate rollback demo: the pilot comes back to legacy"
"$migrate" rollback demo --reason "demo over" --db "$MIGRATE_DB"
within 60 on legacy 6 || fail "the pilot did not come back to legacy"
show
curl -s "$operations/metrics" | grep '^migrate_proxy_switches_total'
echo
echo "switch log:"
cat proxy-log/switches-*.jsonl
say "the cohort's journal: routes changed only by advance and rollback"
"$migrate" history demo --db "$MIGRATE_DB"
imports=$(grep -c "recorded KPIs imported" proxy.err || true)
echo "the proxy imported what it recorded $imports times (a metrics-imported journal entry each; proxy.err has every one)"
[[ $imports -gt 0 ]] || fail "the proxy imported nothing"
echo
echo "DEMO OK: the pilot moved to target at advance and came back at rollback (files in $work)"
