#!/usr/bin/env python3
"""The proxy's speed, side by side with the same peers connected directly, in one run.

    python3 tools/proxy-bench/relay_bench.py --migrate .build/release/migrate [--seconds 15] [--idle 2000]

It starts an OCPP-J echo CSMS (Python `websockets`: every CALL answered at once with a CALLRESULT),
a store whose fleet is routed to it, and `migrate proxy` (recording on, as in production). The load
generator is Python `websockets` too — not the proxy's code. It measures, each directly against the
CSMS and through the proxy:

1. latency at a fixed rate: 50 chargers at 10 CALLs a second each through the proxy (1,000 frames a
   second: each CALL and its CALLRESULT) and, at the same time, 50 more connected directly; round-trip
   p50 and p99 of each, the difference the proxy adds, and the proxy's CPU time per relayed frame;
2. throughput: 100 chargers in a closed loop (CALL, wait for the answer, next CALL); frames a second;
3. memory per connected charger: the proxy's resident memory with `--idle` chargers connected (each
   with its upstream) minus before, divided by their number.

With Wireshark's dumpcap and tshark installed (Debian: tshark), the fixed-rate run is also captured on
the loopback interface, and the time each message spends inside the proxy is read off the packets'
kernel timestamps: from the charger's frame reaching the proxy to the proxy's frame to the backend,
and back — the latency the proxy adds, measured by neither the proxy nor the generator.

Numbers depend on the machine; on 2 shared cores the generator, the CSMS and the proxy compete.
"""
import argparse
import asyncio
import signal
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from websockets.asyncio.client import connect
from websockets.asyncio.server import serve

HEARTBEAT = '[2,"{id}","Heartbeat",{{}}]'
METER = ('[2,"{id}","MeterValues",{{"connectorId":1,"transactionId":1001,"meterValue":[{{"timestamp":"2026-09-01T00:38:06Z",'
         '"sampledValue":[{{"value":"1500","measurand":"Energy.Active.Import.Register","unit":"Wh"}}]}}]}}]')


async def echo_csms(ws):
    try:
        async for text in ws:
            if text.startswith("[2,"):
                message_id = text.split(",", 2)[1]
                await ws.send("[3," + message_id + ",{}]")
    except Exception:
        pass


async def run_charger(url, cid, calls, rate, stop_at, rtts, counter):
    async with connect(f"{url}/{cid}", subprotocols=["ocpp1.6"], ping_interval=None, compression=None, max_queue=None) as ws:
        n = 0
        next_send = time.perf_counter()
        while time.perf_counter() < stop_at and (calls is None or n < calls):
            n += 1
            message_id = f"{cid}-{n}"
            text = (METER if n % 2 else HEARTBEAT).format(id=message_id)
            sent = time.perf_counter_ns()
            await ws.send(text)
            reply = await ws.recv()
            rtts.append((time.perf_counter_ns() - sent) / 1e6)
            counter[0] += 1
            if rate:
                next_send += 1.0 / rate
                delay = next_send - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)


async def load(url, chargers, seconds, rate_per_charger, prefix):
    rtts, counter = [], [0]
    start = time.perf_counter()
    stop_at = start + seconds
    await asyncio.gather(*[run_charger(url, f"{prefix}{i:05d}", None, rate_per_charger, stop_at, rtts, counter) for i in range(chargers)])
    elapsed = time.perf_counter() - start
    return rtts, counter[0] / elapsed


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    f = int(k)
    c = min(f + 1, len(values) - 1)
    return values[f] + (values[c] - values[f]) * (k - f)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


async def hold_idle(url, count, prefix, ready):
    sockets = []
    for i in range(count):
        ws = await connect(f"{url}/{prefix}{i:05d}", subprotocols=["ocpp1.6"], ping_interval=None, compression=None)
        await ws.send(HEARTBEAT.format(id="h"))
        await ws.recv()
        sockets.append(ws)
    ready.set()
    return sockets


def start_capture(path, ports):
    if not (shutil.which("dumpcap") and shutil.which("tshark")):
        return None
    filt = " or ".join(f"tcp port {p}" for p in ports)
    capture = subprocess.Popen(["dumpcap", "-q", "-i", "lo", "-f", filt, "-B", "64", "-w", path],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    return capture


def transit_times(path, proxy_port, csms_port, prefix):
    """Per proxied round trip, the time its CALL and its CALLRESULT spent inside the proxy (ms)."""
    out = subprocess.run(["tshark", "-r", path, "-Y", "websocket.opcode == 1", "-T", "fields",
                          "-e", "frame.time_epoch", "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "websocket.payload.text"],
                         capture_output=True, text=True).stdout
    at = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) < 4 or not parts[3].startswith(("[2,", "[3,")):
            continue
        t, src, dst, text = float(parts[0]), int(parts[1]), int(parts[2]), parts[3]
        message_id = text.split(",", 2)[1].strip('"')
        if not message_id.startswith(prefix):
            continue
        leg = {(None, proxy_port): "call_in", (None, csms_port): "call_out"}.get((None, dst)) if text.startswith("[2,") else \
              {proxy_port: "result_out", csms_port: "result_in"}.get(src)
        if leg:
            at.setdefault(message_id, {})[leg] = t
    inside = []
    for legs in at.values():
        if len(legs) == 4:
            inside.append(((legs["call_out"] - legs["call_in"]) + (legs["result_out"] - legs["result_in"])) * 1000)
    return inside


def migrate(binary, *args, cwd):
    subprocess.run([binary, *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--migrate", default=".build/release/migrate")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--idle", type=int, default=2000)
    parser.add_argument("--proxy-arg", action="append", default=[], help="an extra option for migrate proxy (repeatable)")
    args = parser.parse_args()
    binary = os.path.abspath(args.migrate)
    work = tempfile.mkdtemp(prefix="proxy-bench-")

    server = await serve(echo_csms, "127.0.0.1", 0, subprotocols=["ocpp1.6"], ping_interval=None, compression=None, max_queue=None)
    port = server.sockets[0].getsockname()[1]
    direct = f"ws://127.0.0.1:{port}/ocpp"

    ids = [f"LAT{i:05d}" for i in range(50)] + [f"THR{i:05d}" for i in range(100)] + [f"IDL{i:05d}" for i in range(args.idle)]
    with open(os.path.join(work, "fleet.csv"), "w") as f:
        f.write("id\n" + "\n".join(ids) + "\n")
    with open(os.path.join(work, "playbook.yaml"), "w") as f:
        f.write(f"""playbook: bench
version: 1
backends:
  echo: {direct}
  other: ws://127.0.0.1:1/ocpp
from: echo
to: other
phases:
  - name: stay
plans:
  rollback:
    - route: echo
""")
    migrate(binary, "fleet", "import", "fleet.csv", "--db", "bench.db", cwd=work)
    migrate(binary, "cohort", "create", "bench", "--playbook", "playbook.yaml", "--all", "--db", "bench.db", cwd=work)
    proxy = subprocess.Popen([binary, "proxy", "--db", "bench.db", "--listen", "127.0.0.1:0", "--operations", "127.0.0.1:0",
                              "--log", os.path.join(work, "log"), "--log-level", "warning", *args.proxy_arg],
                             cwd=work, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proxy.stdout.readline()
    via = re.search(r"(ws://[^ ]+)/\{id\}", line).group(1)
    results = {}
    try:
        # Warm up both paths.
        await load(direct, 10, 1, 20, "LAT")
        await load(via, 10, 1, 20, "LAT")
        # Both at once, in the same seconds: whatever else the machine does hits both alike.
        cpu = cpu_seconds(proxy.pid)
        (d_rtts, d_rate), (p_rtts, p_rate) = await asyncio.gather(load(direct, 50, args.seconds, 10, "DIR"),
                                                                  load(via, 50, args.seconds, 10, "LAT"))
        cpu = cpu_seconds(proxy.pid) - cpu
        # The same proxied load again, alone, captured on the loopback interface.
        proxy_port = int(via.rsplit(":", 1)[1].split("/")[0])
        pcap = os.path.join(work, "latency.pcap")
        capture = start_capture(pcap, [proxy_port, port])
        if capture:
            await load(via, 50, args.seconds, 10, "LAT")
            time.sleep(1)
            capture.send_signal(signal.SIGTERM)
            capture.wait(timeout=30)
            results["inside"] = transit_times(pcap, proxy_port, port, "LAT")
        results["latency_direct"] = (percentile(d_rtts, 50), percentile(d_rtts, 99), d_rate * 2, len(d_rtts), 0)
        results["latency_proxy"] = (percentile(p_rtts, 50), percentile(p_rtts, 99), p_rate * 2, len(p_rtts), cpu)
        for name, url in (("direct", direct), ("proxy", via)):
            rtts, rate = await load(url, 100, args.seconds, None, "THR")
            results[f"throughput_{name}"] = (rate * 2, percentile(rtts, 50), percentile(rtts, 99))
        before = rss_kib(proxy.pid)
        ready = asyncio.Event()
        sockets = await hold_idle(via, args.idle, "IDL", ready)
        await asyncio.sleep(2)
        after = rss_kib(proxy.pid)
        results["memory"] = (before, after, args.idle)
        for ws in sockets:
            await ws.close()
    finally:
        proxy.terminate()
        proxy.wait(timeout=30)
        server.close()
        shutil.rmtree(work, ignore_errors=True)

    with open("/proc/loadavg") as f:
        print(f"machine: {os.cpu_count()} cores, load average {' '.join(f.read().split()[:3])} (other work on the machine shows in every number)")
    d50, d99, drate, dn, _ = results["latency_direct"]
    p50, p99, prate, pn, pcpu = results["latency_proxy"]
    print(f"latency at a fixed rate: 50 chargers x 10 CALL/s direct and 50 through the proxy, at the same time, {args.seconds:.0f} s")
    print("  (frames/s: CALLs and CALLRESULTs; round trips measured by the generator)")
    print(f"  {'':<8} {'frames/s':>9} {'calls':>7} {'p50 ms':>8} {'p99 ms':>8}")
    print(f"  {'direct':<8} {drate:>9.0f} {dn:>7} {d50:>8.3f} {d99:>8.3f}")
    print(f"  {'proxy':<8} {prate:>9.0f} {pn:>7} {p50:>8.3f} {p99:>8.3f}")
    print(f"  added by the proxy: p50 {p50 - d50:.3f} ms, p99 {p99 - d99:.3f} ms; "
          f"proxy CPU {1e6 * pcpu / (2 * pn):.1f} µs per relayed frame ({100 * pcpu / args.seconds:.1f}% of a core)")
    inside = results.get("inside")
    if inside:
        print(f"  inside the proxy, the same proxied load alone, captured on loopback ({len(inside)} round trips; CALL in + CALLRESULT back): "
              f"p50 {percentile(inside, 50):.3f} ms, p99 {percentile(inside, 99):.3f} ms, max {max(inside):.3f} ms")
    else:
        print("  (no capture: install tshark for the time inside the proxy)")
    t_direct, t_d50, t_d99 = results["throughput_direct"]
    t_proxy, t_p50, t_p99 = results["throughput_proxy"]
    print("throughput (100 chargers, closed loop: next CALL when the answer is in)")
    print(f"  {'direct':<8} {t_direct:>9.0f} frames/s  (p50 {t_d50:.2f} ms, p99 {t_d99:.2f} ms)")
    print(f"  {'proxy':<8} {t_proxy:>9.0f} frames/s  (p50 {t_p50:.2f} ms, p99 {t_p99:.2f} ms)  {100 * t_proxy / t_direct:.0f}% of direct")
    before, after, n = results["memory"]
    print(f"memory: proxy RSS {before / 1024:.1f} MiB before, {after / 1024:.1f} MiB with {n} idle chargers connected "
          f"(each with its upstream): {(after - before) / n:.1f} KiB per charger")


if __name__ == "__main__":
    asyncio.run(main())
