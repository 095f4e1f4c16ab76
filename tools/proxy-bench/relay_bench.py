#!/usr/bin/env python3
"""The proxy's speed, side by side with the same peers connected directly, in one run.

    python3 tools/proxy-bench/relay_bench.py --migrate .build/release/migrate [--seconds 15] [--idle 2000] [--pin]

The peers are `wsload` (tools/proxy-bench/wsload.c, compiled here with cc and OpenSSL's libcrypto): an OCPP-J
echo CSMS (every CALL answered at once with a CALLRESULT) and a load generator, each one thread on raw sockets
and epoll, in processes of their own — no code of the proxy's, and cheap enough (a few µs a frame) that on two
cores the numbers are the proxy's and not a Python scheduler's. It starts the echo CSMS, a store whose fleet is
routed to it, and `migrate proxy` (recording on, as in production), then measures, each directly against the
CSMS and through the proxy:

1. latency at a fixed rate: 50 chargers at 10 CALLs a second each through the proxy (1,000 frames a
   second: each CALL and its CALLRESULT) and, at the same time and from the same generator, 50 more connected
   directly; round-trip p50 and p99 of each, the difference the proxy adds, and the proxy's CPU time per
   relayed frame;
2. the time inside the proxy: with Wireshark's dumpcap and tshark installed (Debian: tshark), the same proxied
   load alone, captured on the loopback interface; per round trip, (CALL leaves the proxy - CALL reaches it) +
   (CALLRESULT leaves - CALLRESULT reaches), from the packets' kernel timestamps — measured by neither the
   proxy nor the generator;
3. throughput: 100 chargers in a closed loop (CALL, wait for the answer, next CALL); frames a second;
4. memory per connected charger: the proxy's resident memory with `--idle` chargers connected (each
   with its upstream; these are held by Python `websockets`) minus before, divided by their number.

`--pin` runs the proxy on CPU 1 and the generator and the CSMS on CPU 0 (taskset), so that they do not take
turns on one core; `--proxy-prefix 'chrt -f 10'` runs the proxy with a real-time priority (its threads no longer
wait behind other processes' time slices), `--peers-prefix` the same for the CSMS and the fixed-rate
generator (so that the direct path, the yardstick, is not the one waiting); other work on the machine still shows in every number (the load
average is printed).
"""
import argparse
import asyncio
import signal
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from websockets.asyncio.client import connect

HERE = os.path.dirname(os.path.abspath(__file__))
HEARTBEAT = '[2,"{id}","Heartbeat",{{}}]'


def build_wsload(work):
    binary = os.path.join(work, "wsload")
    subprocess.run(["cc", "-O2", "-o", binary, os.path.join(HERE, "wsload.c"), "-lcrypto"], check=True)
    return binary


def wsload(binary, pin, seconds, rate, targets):
    """Runs the generator against `targets` (name -> (host:port/path, prefix, count)); its JSON result."""
    specs = [f"{name}={address}/{prefix}:{count}" for name, (address, prefix, count) in targets.items()]
    out = subprocess.run([*pin, binary, "load", str(seconds), str(rate), *specs], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


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


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--migrate", default=".build/release/migrate")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--idle", type=int, default=2000)
    parser.add_argument("--pin", action="store_true", help="the proxy on CPU 1, the generator and the CSMS on CPU 0")
    parser.add_argument("--proxy-prefix", default="", help="a command to run the proxy under, e.g. 'chrt -f 10' or 'nice -n -10'")
    parser.add_argument("--peers-prefix", default="", help="the same for the CSMS and the fixed-rate generator (not the closed-loop one)")
    parser.add_argument("--proxy-arg", action="append", default=[], help="an extra option for migrate proxy (repeatable)")
    args = parser.parse_args()
    binary = os.path.abspath(args.migrate)
    work = tempfile.mkdtemp(prefix="proxy-bench-")
    peers_pin = ["taskset", "-c", "0"] if args.pin else []
    timed_pin = peers_pin + args.peers_prefix.split()
    proxy_pin = (["taskset", "-c", "1"] if args.pin else []) + args.proxy_prefix.split()
    load_at_start = loadavg()

    generator = build_wsload(work)
    csms = subprocess.Popen([*timed_pin, generator, "echo"], stdout=subprocess.PIPE, text=True)
    port = int(csms.stdout.readline().split()[1])
    direct_address = f"127.0.0.1:{port}/ocpp"

    ids = [f"LAT{i:05d}" for i in range(50)] + [f"THR{i:05d}" for i in range(100)] + [f"IDL{i:05d}" for i in range(args.idle)]
    with open(os.path.join(work, "fleet.csv"), "w") as f:
        f.write("id\n" + "\n".join(ids) + "\n")
    with open(os.path.join(work, "playbook.yaml"), "w") as f:
        f.write(f"""playbook: bench
version: 1
backends:
  echo: ws://{direct_address}
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
    proxy = subprocess.Popen([*proxy_pin, binary, "proxy", "--db", "bench.db", "--listen", "127.0.0.1:0", "--operations", "127.0.0.1:0",
                              "--log", os.path.join(work, "log"), "--log-level", "warning", *args.proxy_arg],
                             cwd=work, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proxy.stdout.readline()
    via = re.search(r"(ws://[^ ]+)/\{id\}", line).group(1)
    via_address = via[len("ws://"):]
    proxy_port = int(via_address.split(":", 1)[1].split("/")[0])
    results = {}
    try:
        # Warm up both paths.
        wsload(generator, peers_pin, 1, 20, {"direct": (direct_address, "LAT", 10), "proxy": (via_address, "LAT", 10)})
        # Both at once, from one generator, in the same seconds: whatever else the machine does hits both alike.
        cpu = cpu_seconds(proxy.pid)
        paired = wsload(generator, timed_pin, args.seconds, 10, {"direct": (direct_address, "DIR", 50), "proxy": (via_address, "LAT", 50)})
        cpu = cpu_seconds(proxy.pid) - cpu
        results["paired"] = (paired, cpu)
        # The same proxied load again, alone, captured on the loopback interface.
        pcap = os.path.join(work, "latency.pcap")
        capture = start_capture(pcap, [proxy_port, port])
        if capture:
            wsload(generator, timed_pin, args.seconds, 10, {"proxy": (via_address, "LAT", 50)})
            time.sleep(1)
            capture.send_signal(signal.SIGTERM)
            capture.wait(timeout=30)
            results["inside"] = transit_times(pcap, proxy_port, port, "LAT")
        for name, address in (("direct", direct_address), ("proxy", via_address)):
            results[f"throughput_{name}"] = wsload(generator, peers_pin, args.seconds, 0, {name: (address, "THR", 100)})[name]
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
        csms.terminate()
        csms.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    print(f"machine: {os.cpu_count()} cores, load average {load_at_start} at the start, {loadavg()} at the end"
          f"{'; pinned: proxy on CPU 1, generator and CSMS on CPU 0' if args.pin else ''}"
          f"{'; proxy run under ' + repr(args.proxy_prefix) if args.proxy_prefix else ''}"
          f"{'; CSMS and fixed-rate generator under ' + repr(args.peers_prefix) if args.peers_prefix else ''} (other work on the machine shows in every number)")
    paired, pcpu = results["paired"]
    d, p = paired["direct"], paired["proxy"]
    print(f"latency at a fixed rate: 50 chargers x 10 CALL/s direct and 50 through the proxy, at the same time, {args.seconds:.0f} s")
    print("  (frames/s: CALLs and CALLRESULTs; round trips measured by the generator, wsload)")
    print(f"  {'':<8} {'frames/s':>9} {'calls':>7} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'p99.9 ms':>9} {'max ms':>8}")
    for name, r in (("direct", d), ("proxy", p)):
        print(f"  {name:<8} {2 * r['per_second']:>9.0f} {r['round_trips']:>7} {r['p50']:>8.3f} {r['p90']:>8.3f} {r['p99']:>8.3f} {r['p999']:>9.3f} {r['max']:>8.3f}")
    print(f"  added by the proxy: p50 {p['p50'] - d['p50']:.3f} ms, p90 {p['p90'] - d['p90']:.3f} ms, p99 {p['p99'] - d['p99']:.3f} ms; "
          f"proxy CPU {1e6 * pcpu / (2 * p['round_trips']):.1f} µs per relayed frame ({100 * pcpu / args.seconds:.1f}% of a core)")
    inside = results.get("inside")
    if inside:
        print(f"  inside the proxy, the same proxied load alone, captured on loopback ({len(inside)} round trips; CALL in + CALLRESULT back): "
              f"p50 {percentile(inside, 50):.3f} ms, p99 {percentile(inside, 99):.3f} ms, max {max(inside):.3f} ms")
    else:
        print("  (no capture: install tshark for the time inside the proxy)")
    t_direct, t_proxy = results["throughput_direct"], results["throughput_proxy"]
    print("throughput (100 chargers, closed loop: next CALL when the answer is in)")
    print(f"  {'direct':<8} {2 * t_direct['per_second']:>9.0f} frames/s  (p50 {t_direct['p50']:.2f} ms, p99 {t_direct['p99']:.2f} ms)")
    print(f"  {'proxy':<8} {2 * t_proxy['per_second']:>9.0f} frames/s  (p50 {t_proxy['p50']:.2f} ms, p99 {t_proxy['p99']:.2f} ms)  "
          f"{100 * t_proxy['per_second'] / t_direct['per_second']:.0f}% of direct")
    before, after, n = results["memory"]
    print(f"memory: proxy RSS {before / 1024:.1f} MiB before, {after / 1024:.1f} MiB with {n} idle chargers connected "
          f"(each with its upstream): {(after - before) / n:.1f} KiB per charger")


if __name__ == "__main__":
    asyncio.run(main())
