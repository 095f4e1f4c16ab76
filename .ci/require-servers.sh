#!/usr/bin/env bash
# Fails unless the tests that need real servers ran instead of skipping.
#
#   swift test 2>&1 | tee swift-test.log; .ci/require-servers.sh swift-test.log
#
# The Prometheus tests print the marker PROMETHEUS-TEST-RAN when they ran against the server named by
# MIGRATE_TEST_PROMETHEUS_URL (see .ci/prometheus.sh); when that variable is unset they are skipped.
# The proxy tests print OCPP-PEERS-TEST-RAN when they ran against real OCPP peers.
set -euo pipefail
LOG="${1:?usage: .ci/require-servers.sh SWIFT_TEST_LOG}"
if ! grep -q "PROMETHEUS-TEST-RAN" "$LOG"; then
    echo "require-servers.sh: the Prometheus tests did not run (no PROMETHEUS-TEST-RAN in $LOG); was MIGRATE_TEST_PROMETHEUS_URL exported by .ci/prometheus.sh?" >&2
    exit 1
fi
echo "require-servers.sh: the Prometheus tests ran against a real server" >&2
# The proxy's end-to-end tests print OCPP-PEERS-TEST-RAN when they ran against the Python OCPP peers
# (MIGRATE_TEST_OCPP_PEERS=1, set by .ci/run after installing `ocpp` and `websockets`).
if ! grep -q "OCPP-PEERS-TEST-RAN" "$LOG"; then
    echo "require-servers.sh: the proxy tests did not run against real OCPP peers (no OCPP-PEERS-TEST-RAN in $LOG); was MIGRATE_TEST_OCPP_PEERS=1 exported?" >&2
    exit 1
fi
echo "require-servers.sh: the proxy tests ran against real OCPP peers" >&2
