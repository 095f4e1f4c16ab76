#!/usr/bin/env bash
# Starts a real Prometheus on 127.0.0.1 with known history, for the Prometheus client tests.
#
#   eval "$(.ci/prometheus.sh)"     # prints `export MIGRATE_TEST_PROMETHEUS_URL=...` on stdout, logs on stderr
#
# Installs Debian's `prometheus` package when missing (it gives `prometheus` and `promtool`), writes an
# OpenMetrics file with one day of history at fixed past times, turns it into TSDB blocks with
# `promtool tsdb create-blocks-from openmetrics`, starts Prometheus on those blocks with a 100-year
# retention and waits until /-/ready answers. The data (must match Tests/AdaptersTests/PrometheusFixture.swift):
#   T0 = 1780000000 (2026-05-28T20:26:40Z); samples every 60 s for k = 0..1439 at T0 + 60k
#   charger_port_up{charger="CP-1",port="1"} = 1
#   charger_port_up{charger="CP-2",port="1"} = 0 when k % 4 == 0, else 1
#   charger_port_up{charger="CP-3",port="1"} = 1 and {charger="CP-3",port="2"} = 0   (two series)
set -euo pipefail
PORT="${MIGRATE_TEST_PROMETHEUS_PORT:-19090}"
WORK="${MIGRATE_TEST_PROMETHEUS_DIR:-${TMPDIR:-/tmp}/migrate-ci-prometheus}"
log() { echo "prometheus.sh: $*" >&2; }

if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
    log "installing Debian's prometheus package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends prometheus >&2
fi
# The Debian package starts a service on :9090 where systemd runs; ours is separate and needs none of it.

if curl -fsS "http://127.0.0.1:$PORT/-/ready" >/dev/null 2>&1; then
    log "a Prometheus already answers on 127.0.0.1:$PORT; using it"
    echo "export MIGRATE_TEST_PROMETHEUS_URL=http://127.0.0.1:$PORT"
    exit 0
fi

rm -rf "$WORK"
mkdir -p "$WORK/data"
python3 - "$WORK/history.om" <<'PY'
import sys
T0 = 1780000000
with open(sys.argv[1], "w") as f:
    f.write("# HELP charger_port_up Whether a charger's port is up.\n# TYPE charger_port_up gauge\n")
    for k in range(1440):
        t = T0 + 60 * k
        f.write(f'charger_port_up{{charger="CP-1",port="1"}} 1 {t}\n')
        f.write(f'charger_port_up{{charger="CP-2",port="1"}} {0 if k % 4 == 0 else 1} {t}\n')
        f.write(f'charger_port_up{{charger="CP-3",port="1"}} 1 {t}\n')
        f.write(f'charger_port_up{{charger="CP-3",port="2"}} 0 {t}\n')
    f.write("# EOF\n")
PY
log "creating TSDB blocks from $WORK/history.om"
promtool tsdb create-blocks-from openmetrics "$WORK/history.om" "$WORK/data" >&2

cat > "$WORK/prometheus.yml" <<'YML'
global:
  scrape_interval: 1h
scrape_configs: []
YML
log "starting prometheus on 127.0.0.1:$PORT"
nohup prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
    --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$PORT" \
    >"$WORK/prometheus.log" 2>&1 &
echo $! >"$WORK/prometheus.pid"
for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$PORT/-/ready" >/dev/null 2>&1; then
        log "ready (pid $(cat "$WORK/prometheus.pid"), log $WORK/prometheus.log)"
        echo "export MIGRATE_TEST_PROMETHEUS_URL=http://127.0.0.1:$PORT"
        exit 0
    fi
    sleep 0.5
done
log "prometheus did not become ready within 60 s; its log:"
tail -n 30 "$WORK/prometheus.log" >&2
exit 1
