#!/usr/bin/env bash
# Fails unless the tests that need real servers ran instead of skipping.
#
#   swift test 2>&1 | tee swift-test.log; .ci/require-servers.sh swift-test.log
#
# The Prometheus tests print the marker PROMETHEUS-TEST-RAN when they ran against the server named by
# MIGRATE_TEST_PROMETHEUS_URL (see .ci/prometheus.sh); when that variable is unset they are skipped.
# The OCPP peers test prints OCPP-PEERS-TEST-RAN when MIGRATE_TEST_OCPP_PEERS=1 let it record a fresh log;
# the OCPP import test OCPP-IMPORT-PEERS-TEST-RAN when it imported such a log as it grew.
# The OCPP import test prints OCPP-IMPORT-PEERS-TEST-RAN after importing a freshly recorded log as it grew.
if ! grep -q "OCPP-IMPORT-PEERS-TEST-RAN" "$LOG"; then
    echo "require-servers.sh: the OCPP import peers test did not run (no OCPP-IMPORT-PEERS-TEST-RAN in $LOG); was MIGRATE_TEST_OCPP_PEERS=1 exported?" >&2
    exit 1
fi
echo "require-servers.sh: the OCPP import test ran on a freshly recorded log" >&2
# The proxy's end-to-end tests print PROXY-PEERS-TEST-RAN when they ran against real OCPP peers.
set -euo pipefail
LOG="${1:?usage: .ci/require-servers.sh SWIFT_TEST_LOG}"
if ! grep -q "PROMETHEUS-TEST-RAN" "$LOG"; then
    echo "require-servers.sh: the Prometheus tests did not run (no PROMETHEUS-TEST-RAN in $LOG); was MIGRATE_TEST_PROMETHEUS_URL exported by .ci/prometheus.sh?" >&2
    exit 1
fi
echo "require-servers.sh: the Prometheus tests ran against a real server" >&2
# The OCPP peers test prints OCPP-PEERS-TEST-RAN after checking a log it had the real peers record.
if ! grep -q "OCPP-PEERS-TEST-RAN" "$LOG"; then
    echo "require-servers.sh: the OCPP peers test did not run (no OCPP-PEERS-TEST-RAN in $LOG); was MIGRATE_TEST_OCPP_PEERS=1 exported?" >&2
    exit 1
fi
echo "require-servers.sh: the OCPP peers test ran on a freshly recorded log" >&2
# The proxy's end-to-end tests print PROXY-PEERS-TEST-RAN when they ran against the Python OCPP peers.
if ! grep -q "PROXY-PEERS-TEST-RAN" "$LOG"; then
    echo "require-servers.sh: the proxy tests did not run against real OCPP peers (no PROXY-PEERS-TEST-RAN in $LOG); was MIGRATE_TEST_OCPP_PEERS=1 exported?" >&2
    exit 1
fi
echo "require-servers.sh: the proxy tests ran against real OCPP peers" >&2
