#!/usr/bin/env bash
# The release build, run: `swift build -c release --product migrate`, then the main job with it on SQLite
# (`migrate demo`) and a cohort's round on PostgreSQL (db init, fleet import, cohort create, metrics import,
# gates, advance, verify, store copy back to SQLite). The tests run a debug build; an optimizer-only crash (a
# Swift 6.3.1 release build once crashed every PostgreSQL command in swift_task_localValuePush while debug passed)
# is caught only here.
#
#   .ci/release-smoke.sh                    needs MIGRATE_TEST_POSTGRES (eval "$(.ci/postgres.sh)")
#   MIGRATE=path/to/migrate .ci/release-smoke.sh     skips the build and runs that binary
set -euo pipefail
cd "$(dirname "$0")/.."
: "${MIGRATE_TEST_POSTGRES:?export MIGRATE_TEST_POSTGRES (eval \"\$(.ci/postgres.sh)\")}"
if [ -z "${MIGRATE:-}" ]; then
    swift build -c release --product migrate
    MIGRATE=$PWD/.build/release/migrate
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/migrate-release-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
step() { echo "release-smoke.sh: $*" >&2; }
run() { "$MIGRATE" "$@" >"$work/out" 2>&1 || { step "FAILED (exit $?): migrate $*"; cat "$work/out" >&2; exit 1; }; }

step "migrate demo (SQLite)"
run demo
grep -q "migrate-demo.db" "$work/out" || { cat "$work/out" >&2; step "FAILED: the demo did not say where its store is"; exit 1; }

# A database of its own on the CI cluster.
db="migrate_release_smoke_$$"
base=${MIGRATE_TEST_POSTGRES%/*}
PGOPTIONS="--client-min-messages=warning" psql "$MIGRATE_TEST_POSTGRES" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
url="$base/$db"
export MIGRATE_NOW=2026-09-02T12:00:00Z MIGRATE_ACTOR=ci
printf 'id,site\nA1,ams\nA2,ams\nB1,ber\n' >fleet.csv
cat >p.yaml <<'YAML'
playbook: smoke
version: 1
backends: { legacy: "ws://legacy.example.net/ocpp", target: "ws://target.example.net/ocpp" }
from: legacy
to: target
metrics:
  start_success: { ratio: [session.started, session.attempted] }
phases:
  - name: pilot
    scope: { site: [ams] }
    gates:
      - { metric: start_success, at_least: 0.9, window: 7d }
  - name: fleet
    scope: all
plans:
  rollback:
    - route: legacy
YAML
printf 'time,charger,metric,value\n2026-09-01T10:00:00Z,A1,session.attempted,4\n2026-09-01T10:00:00Z,A1,session.started,4\n2026-09-01T11:00:00Z,A2,session.attempted,2\n2026-09-01T11:00:00Z,A2,session.started,2\n' >s.csv
step "PostgreSQL: db init, fleet import, cohort create, metrics import, gates, advance, verify"
run db init --db "$url"
run fleet import fleet.csv --db "$url"
MIGRATE_NOW=2026-09-01T00:00:00Z run cohort create c --playbook p.yaml --all --db "$url"
run metrics import s.csv --db "$url"
run gates c --json --db "$url"
grep -q '"result" : "pass"' "$work/out" || { cat "$work/out" >&2; step "FAILED: the gate did not pass"; exit 1; }
run advance c --reason smoke --db "$url"
run verify --db "$url"
step "store copy to SQLite, verify"
run store copy --from "$url" --to copy.db
run verify --db copy.db
run history c --json --db copy.db
grep -q '"advanced"' "$work/out" || { cat "$work/out" >&2; step "FAILED: the copy has no advance"; exit 1; }
psql "$MIGRATE_TEST_POSTGRES" -qc "DROP DATABASE $db" >/dev/null
step "ok ($MIGRATE)"
