#!/usr/bin/env bash
# Fails unless the tests that need real servers or tools ran instead of skipping.
#
#   swift test 2>&1 | tee swift-test.log; .ci/require-servers.sh swift-test.log
#
# Each such test prints a marker when it ran against the real thing; without its environment variable it is
# skipped (and the marker is missing). One line per marker below: MARKER|what ran|what to check when it is missing.
set -euo pipefail
LOG="${1:?usage: .ci/require-servers.sh SWIFT_TEST_LOG}"
missing=0
while IFS='|' read -r marker what hint; do
    [ -n "$marker" ] || continue
    if grep -q "$marker" "$LOG"; then
        echo "require-servers.sh: $what" >&2
    else
        echo "require-servers.sh: no $marker in $LOG: $hint" >&2
        missing=1
    fi
done <<'MARKERS'
PROMETHEUS-TEST-RAN|the Prometheus tests ran against a real server|was MIGRATE_TEST_PROMETHEUS_URL exported by .ci/prometheus.sh?
OCPP-PEERS-TEST-RAN|the OCPP peers test ran on a freshly recorded log|was MIGRATE_TEST_OCPP_PEERS=1 exported?
OCPP-IMPORT-PEERS-TEST-RAN|ocpp import ran on a freshly recorded log as it grew|was MIGRATE_TEST_OCPP_PEERS=1 exported?
PROXY-PEERS-TEST-RAN|the proxy tests ran against real OCPP peers|was MIGRATE_TEST_OCPP_PEERS=1 exported?
PROXY-EVIDENCE-TEST-RAN|the proxy imported its own logs and a failed switch rolled a cohort back, with real OCPP peers|was MIGRATE_TEST_OCPP_PEERS=1 exported?
PROXY-DEMO-TEST-RAN|tools/proxy-demo/run.sh ran (two CSMSes, the proxy, six chargers)|was MIGRATE_TEST_OCPP_PEERS=1 exported?
POSTGRES-TEST-RAN|the store contract tests ran against PostgreSQL|was MIGRATE_TEST_POSTGRES exported by .ci/postgres.sh?
OCPP-IMPORT-POSTGRES-TEST-RAN|ocpp import ran against PostgreSQL|was MIGRATE_TEST_POSTGRES exported by .ci/postgres.sh?
POSTGRES-CLI-TEST-RAN|concurrent migrate processes ran against PostgreSQL|was MIGRATE_TEST_POSTGRES exported by .ci/postgres.sh?
POSTGRES-FAULT-TEST-RAN|the PostgreSQL fault tests killed and restarted a cluster mid-command|was MIGRATE_TEST_POSTGRES exported, and could .ci/postgres.sh start a second cluster?
POSTGRES-PROXY-LISTEN-TEST-RAN|a proxy on PostgreSQL heard route changes through LISTEN/NOTIFY|was MIGRATE_TEST_POSTGRES exported by .ci/postgres.sh?
POSTGRES-SERVE-LEASE-TEST-RAN|two migrate serve on one PostgreSQL elected one evaluator, and the other took over|was MIGRATE_TEST_POSTGRES exported by .ci/postgres.sh?
POSTGRES-PLAN-FAULT-TEST-RAN|the PostgreSQL cluster was killed and restarted mid-plan|was MIGRATE_TEST_POSTGRES exported, and could .ci/postgres.sh start a cluster on a free port?
POSTGRES-COMMIT-OUTCOME-TEST-RAN|a COMMIT lost its connection and migrate asked the server what became of it|was MIGRATE_TEST_POSTGRES exported, and could .ci/postgres.sh start a cluster on a free port?
POSTGRES-TEAM-SCENARIO-TEST-RAN|two servers, a proxy and CLI users shared a PostgreSQL store while it was restarted and killed|was MIGRATE_TEST_POSTGRES exported, and could .ci/postgres.sh start a cluster on a free port?
DASHBOARD-BROWSER-TEST-RAN|the dashboard ran in a real browser (chromium through Playwright)|was MIGRATE_TEST_BROWSER=1 exported by .ci/browser.sh?
MARKERS
exit "$missing"
