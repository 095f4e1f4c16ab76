#!/usr/bin/env python3
"""A fleet through the proxy at once: 10,000 chargers, memory per charger, added latency at that load,
and 1,000 of them switched to the other backend in batches without a lost frame.

    swift build -c release --product migrate
    python3 tools/proxy-bench/fleet_bench.py --migrate .build/release/migrate [--chargers 10000] [--move 1000]
        [--processes 4] [--every 10] [--batch 100] [--batch-interval 1s]

Everything but the proxy is Python `websockets` (not the proxy's code), each in processes of its own:

- two OCPP-J echo backends, `legacy` and `target` (every CALL answered at once with a CALLRESULT), each
  `--backend-processes` processes sharing one port (SO_REUSEPORT), remembering every message id received;
- `--processes` load generators holding `--chargers` chargers between them (connecting `--ramp` a second);
  each charger connects through the proxy, then sends a CALL every `--every` seconds (Heartbeat and MeterValues in turn) and waits for
  its answer. Like firmware, a charger whose connection closes reconnects after a short delay and sends a
  CALL that was still unanswered again under the same id;
- a probe: 50 chargers directly against `legacy` and 50 through the proxy, 2 CALLs a second each, at the
  same time, while the whole fleet is connected and sending — the latency the proxy adds at that load.

The bench raises its open-file limit before it starts anything (soft and hard to --files when it may:
root with CAP_SYS_RESOURCE; else the soft limit to the hard one): the proxy holds two sockets per charger,
each backend and generator one per charger. Where the hard limit cannot be raised (a container without
CAP_SYS_RESOURCE, hard limit 20,000 here), one proxy process holds at most about (limit - 20) / 2
chargers: `--proxies 2` runs two proxy processes on the same store (as replicas behind a load balancer
would), the generators' chargers spread over them. Then: the proxy's resident memory before and with the fleet connected, per
charger; the probe; `migrate advance` moves the `--move` pilot chargers to `target` (the proxy closes them
with 1012 in batches of --batch per --batch-interval) and the bench waits for every switch to be done;
the fleet keeps sending throughout. At the end the frames are counted on both sides: every CALL id a
charger sent must have reached a backend, and every one must have been answered to the charger.
"""
import argparse
import asyncio
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

from websockets.asyncio.client import connect
from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed

from relay_bench import cpu_seconds, percentile, rss_kib   # the relay bench's, next to this file

HEARTBEAT = '[2,"{id}","Heartbeat",{{}}]'
METER = ('[2,"{id}","MeterValues",{{"connectorId":1,"meterValue":[{{"timestamp":"2026-09-01T00:38:06Z",'
         '"sampledValue":[{{"value":"1500","measurand":"Energy.Active.Import.Register","unit":"Wh"}}]}}]}}]')


def raise_files(limit):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= limit:
        return soft
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, max(limit, hard)))
    except (ValueError, PermissionError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


# ---------------------------------------------------------------- backend process

async def backend_main(args):
    received = {}          # charger -> list of CALL ids, in order
    connections = [0]

    async def handler(ws):
        charger = ws.request.path.rsplit("/", 1)[-1]
        connections[0] += 1
        ids = received.setdefault(charger, [])
        try:
            async for text in ws:
                if text.startswith("[2,"):
                    message_id = text.split(",", 2)[1].strip('"')
                    ids.append(message_id)
                    await ws.send('[3,"' + message_id + '",{}]')
        except ConnectionClosed:
            pass

    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with serve(handler, "127.0.0.1", args.port, subprotocols=["ocpp1.6"], ping_interval=None, compression=None,
                     max_queue=None, backlog=4096, reuse_port=True, open_timeout=60) as server:
        print(f"LISTENING {server.sockets[0].getsockname()[1]}", flush=True)
        await stop.wait()
    with open(args.report, "w") as f:
        json.dump({"connections": connections[0], "received": received}, f)


# ---------------------------------------------------------------- charger (load generator) process

class Charger:
    def __init__(self, cid, url, every, stats):
        self.cid, self.url, self.every, self.stats = cid, url, every, stats
        self.sent = []            # unique CALL ids, in order
        self.answered = set()
        self.resends = 0
        self.connects = 0
        self.closes = {}
        self.pending = None       # the CALL text still unanswered
        self.n = 0
        self.stopping = False

    async def run(self, connected):
        first = True
        while True:
            try:
                async with connect(f"{self.url}/{self.cid}", subprotocols=["ocpp1.6"], ping_interval=None,
                                   compression=None, open_timeout=120, max_queue=None) as ws:
                    self.connects += 1
                    if first:
                        first = False
                        connected()
                    await self.talk(ws)
                    return
            except ConnectionClosed as closed:
                code = closed.rcvd.code if closed.rcvd else 1006
                self.closes[code] = self.closes.get(code, 0) + 1
            except (OSError, asyncio.TimeoutError, Exception) as error:  # refused, reset: try again, as firmware does
                self.stats["errors"] = self.stats.get("errors", 0) + 1
                self.stats["last_error"] = repr(error)[:200]
            if self.stopping and self.pending is None:
                return
            await asyncio.sleep(0.5 + random.random())

    async def talk(self, ws):
        await asyncio.sleep(random.random() * self.every)
        while True:
            if self.pending is None:
                if self.stopping:
                    await ws.close()
                    return
                self.n += 1
                message_id = f"{self.cid}-{self.n}"
                self.pending = (message_id, (METER if self.n % 2 else HEARTBEAT).format(id=message_id))
                self.sent.append(message_id)
            else:
                self.resends += 1
            message_id, text = self.pending
            await ws.send(text)
            while True:
                reply = await ws.recv()
                if reply.startswith("[3,") and reply.split(",", 2)[1].strip('"') == message_id:
                    break
            self.answered.add(message_id)
            self.pending = None
            if self.stopping:
                await ws.close()
                return
            await asyncio.sleep(self.every * (0.8 + 0.4 * random.random()))


async def chargers_main(args):
    raise_files(args.files)
    ids = [f"{args.prefix}{i:05d}" for i in range(args.first, args.first + args.count)]
    stats = {}
    chargers = [Charger(cid, args.url, args.every, stats) for cid in ids]
    count = [0]

    def connected():
        count[0] += 1
        if count[0] == len(chargers):
            print("CONNECTED", flush=True)

    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    tasks = []
    for i, c in enumerate(chargers):      # ramp: --ramp new connections a second
        tasks.append(asyncio.create_task(c.run(connected)))
        if i % 10 == 9:
            await asyncio.sleep(10 / args.ramp)
    await stop.wait()
    for c in chargers:
        c.stopping = True
    await asyncio.wait(tasks, timeout=60)
    with open(args.report, "w") as f:
        json.dump({"sent": {c.cid: c.sent for c in chargers}, "answered": sum(len(c.answered) for c in chargers),
                   "unanswered": [m for c in chargers for m in c.sent if m not in c.answered][:20],
                   "resends": sum(c.resends for c in chargers), "connects": sum(c.connects for c in chargers),
                   "closes": {str(k): sum(c.closes.get(k, 0) for c in chargers) for k in {k for c in chargers for k in c.closes}},
                   "errors": stats.get("errors", 0), "last_error": stats.get("last_error")}, f)


# ---------------------------------------------------------------- latency probe process

async def probe_main(args):
    async def one(url, cid, stop_at, rtts):
        async with connect(f"{url}/{cid}", subprotocols=["ocpp1.6"], ping_interval=None, compression=None) as ws:
            n = 0
            next_send = time.perf_counter() + random.random() / args.rate
            while time.perf_counter() < stop_at:
                delay = next_send - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                n += 1
                sent = time.perf_counter_ns()
                await ws.send(HEARTBEAT.format(id=f"{cid}-{n}"))
                await ws.recv()
                rtts.append((time.perf_counter_ns() - sent) / 1e6)
                next_send += 1.0 / args.rate

    stop_at = time.perf_counter() + args.seconds
    direct, proxied = [], []
    await asyncio.gather(*[one(args.direct, f"PRBD{i:03d}", stop_at, direct) for i in range(args.count)],
                         *[one(args.url, f"PRB{i:03d}", stop_at, proxied) for i in range(args.count)])
    with open(args.report, "w") as f:
        json.dump({"direct": direct, "proxy": proxied}, f)


# ---------------------------------------------------------------- the run

def metric(operations, series):
    body = urllib.request.urlopen(operations + "/metrics", timeout=10).read().decode()
    for line in body.splitlines():
        if line.startswith(series + " "):
            return float(line.split()[-1])
    return 0.0


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def spawn(args_list, work, name):
    return subprocess.Popen([sys.executable, "-u", os.path.abspath(__file__), *args_list], cwd=work,
                            stdout=subprocess.PIPE, stderr=open(os.path.join(work, f"{name}.err"), "w"), text=True)


def wait_line(process, prefix, what, timeout=600):
    deadline = time.time() + timeout
    while time.time() < deadline:
        line = process.stdout.readline()
        if not line:
            raise SystemExit(f"{what} ended before saying {prefix}")
        if line.startswith(prefix):
            return line.strip()
    raise SystemExit(f"{what}: no {prefix} within {timeout} s")


def run(args):
    files = raise_files(args.files)
    binary = os.path.abspath(args.migrate)
    work = tempfile.mkdtemp(prefix="proxy-fleet-bench-")
    print(f"open-file limit raised to {files} for the bench and every process it starts (work: {work})", flush=True)
    processes = []
    try:
        backends, backend_processes = {}, []
        for name in ("legacy", "target"):
            port = 0
            for j in range(args.backend_processes):   # one port, SO_REUSEPORT: the kernel spreads the connections
                p = spawn(["backend", "--port", str(port), "--report", os.path.join(work, f"{name}-{j}.json")], work, f"{name}-{j}")
                processes.append(p)
                backend_processes.append(p)
                port = int(wait_line(p, "LISTENING", name).split()[1])
            backends[name] = f"ws://127.0.0.1:{port}/ocpp"
        ids = [f"EV{i:05d}" for i in range(args.chargers)]
        probes = [f"PRB{i:03d}" for i in range(args.probe_chargers)]
        with open(os.path.join(work, "fleet.csv"), "w") as f:
            f.write("id,pilot\n" + "".join(f"{cid},{'yes' if i < args.move else 'no'}\n" for i, cid in enumerate(ids))
                    + "".join(f"{cid},no\n" for cid in probes))
        with open(os.path.join(work, "playbook.yaml"), "w") as f:
            f.write(f"playbook: fleet-bench\nversion: 1\nbackends:\n  legacy: {backends['legacy']}\n  target: {backends['target']}\n"
                    "from: legacy\nto: target\nphases:\n  - name: prepare\n  - name: pilot\n    scope: { pilot: [yes] }\n"
                    "plans:\n  rollback:\n    - route: legacy\n")
        for command in (["fleet", "import", "fleet.csv"], ["cohort", "create", "bench", "--playbook", "playbook.yaml", "--all"]):
            subprocess.run([binary, *command, "--db", "bench.db"], cwd=work, check=True, stdout=subprocess.DEVNULL)
        proxies = []
        for k in range(args.proxies):
            proxy = subprocess.Popen([binary, "proxy", "--db", "bench.db", "--listen", "127.0.0.1:0", "--operations", "127.0.0.1:0",
                                      "--log", os.path.join(work, f"log{k}"), "--log-level", "warning", "--import-every", args.import_every,
                                      "--batch", str(args.batch), "--batch-interval", args.batch_interval, "--idle-wait", "60s",
                                      *args.proxy_arg],
                                     cwd=work, stdout=subprocess.PIPE, stderr=open(os.path.join(work, f"proxy{k}.err"), "w"), text=True)
            processes.append(proxy)
            line = proxy.stdout.readline()
            proxies.append((proxy, re.search(r"(ws://[^ ]+)/\{id\}", line).group(1), re.search(r"metrics on (http://\S+)", line).group(1)))
        via = proxies[0][1]
        time.sleep(1)
        rss_before = sum(rss_kib(p.pid) for p, _, _ in proxies)

        def total(series):
            return sum(metric(operations, series) for _, _, operations in proxies)

        started = time.time()
        per = (args.chargers + args.processes - 1) // args.processes
        generators = []
        for k in range(args.processes):
            first, count = k * per, min(per, args.chargers - k * per)
            p = spawn(["chargers", "--url", proxies[k % len(proxies)][1], "--prefix", "EV", "--first", str(first), "--count", str(count),
                       "--ramp", str(args.ramp / args.processes),
                       "--every", str(args.every), "--files", str(args.files), "--report", os.path.join(work, f"chargers{k}.json")],
                      work, f"chargers{k}")
            processes.append(p)
            generators.append(p)
        for k, p in enumerate(generators):
            wait_line(p, "CONNECTED", f"generator {k}", timeout=900)
        connect_seconds = time.time() - started
        time.sleep(args.every)          # a full round of heartbeats and meter values at the fleet's pace
        connected = total('migrate_proxy_connections{backend="legacy"}')
        rss_after = sum(rss_kib(p.pid) for p, _, _ in proxies)
        load_connected = loadavg()
        print(f"{int(connected)} chargers connected through {len(proxies)} proxy process(es) in {connect_seconds:.1f} s; each sends a CALL every "
              f"~{args.every} s ({args.chargers / args.every:.0f} CALLs/s, {2 * args.chargers / args.every:.0f} frames/s relayed); "
              f"load average {load_connected}", flush=True)
        print(f"memory: proxy RSS (all processes) {rss_before / 1024:.1f} MiB before, {rss_after / 1024:.1f} MiB with {int(connected)} chargers "
              f"connected and sending: {(rss_after - rss_before) / max(connected, 1):.1f} KiB per charger", flush=True)

        probe_report = os.path.join(work, "probe.json")
        probe = spawn(["probe", "--url", via, "--direct", backends["legacy"], "--count", str(args.probe_chargers),
                       "--rate", "2", "--seconds", str(args.probe_seconds), "--report", probe_report], work, "probe")
        probe.wait(timeout=args.probe_seconds + 300)
        with open(probe_report) as f:
            rtts = json.load(f)
        d50, d99 = percentile(rtts["direct"], 50), percentile(rtts["direct"], 99)
        p50, p99 = percentile(rtts["proxy"], 50), percentile(rtts["proxy"], 99)
        print(f"latency at that load ({args.probe_chargers} chargers x 2 CALL/s directly to legacy and {args.probe_chargers} through "
              f"the proxy, at the same time, {args.probe_seconds} s; load average {loadavg()}):", flush=True)
        print(f"  direct p50 {d50:.2f} ms, p99 {d99:.2f} ms ({len(rtts['direct'])} calls); proxy p50 {p50:.2f} ms, p99 {p99:.2f} ms "
              f"({len(rtts['proxy'])} calls); added p50 {p50 - d50:.2f} ms, p99 {p99 - d99:.2f} ms", flush=True)

        done_before = total('migrate_proxy_switches_total{outcome="done"}')
        advanced = time.time()
        subprocess.run([binary, "advance", "bench", "--reason", "bench", "--db", "bench.db"], cwd=work, check=True,
                       stdout=subprocess.DEVNULL)
        deadline = advanced + 600
        while time.time() < deadline:
            done = total('migrate_proxy_switches_total{outcome="done"}') - done_before
            failed = total('migrate_proxy_switches_total{outcome="failed"}')
            if done + failed >= args.move:
                break
            time.sleep(0.5)
        switch_seconds = time.time() - advanced
        on_target = total('migrate_proxy_connections{backend="target"}')
        print(f"switch: advance moved {int(done)} of {args.move} chargers to target ({int(failed)} failed) in {switch_seconds:.1f} s "
              f"(batches of {args.batch} per {args.batch_interval}); {int(on_target)} connected to target; "
              f"load average {loadavg()}", flush=True)
        time.sleep(args.every)          # the fleet keeps sending after the move

        for p in generators:
            p.send_signal(signal.SIGTERM)
        for p in generators:
            p.wait(timeout=180)
        frames_total = sum(total(f'migrate_proxy_frames_total{{backend="{b}",direction="to_backend"}}') for b in backends)
        if args.import_every != "0":
            passes, seconds = total("migrate_proxy_import_passes_total"), total("migrate_proxy_import_seconds_total")
            last = max(metric(operations, "migrate_proxy_import_last_seconds") for _, _, operations in proxies)
            cpu = sum(cpu_seconds(p.pid) for p, _, _ in proxies)
            stored, failed_imports = total('migrate_proxy_imports_total{outcome="stored"}'), total('migrate_proxy_imports_total{outcome="failed"}')
            print(f"imports (--import-every {args.import_every}, {len(proxies)} proxy process(es) into one store): {int(passes)} passes in "
                  f"{time.time() - started:.0f} s took {seconds:.2f} s in all ({seconds / max(passes, 1):.3f} s a pass, the last "
                  f"{last:.3f} s) on the import's own thread; {int(stored)} log imports "
                  f"stored {int(total('migrate_proxy_imported_samples_total'))} samples; "
                  f"{int(failed_imports)} failed; proxy CPU {cpu:.1f} s in all; "
                  f"load average {loadavg()}", flush=True)
        for proxy, _, _ in proxies:
            proxy.send_signal(signal.SIGTERM)
        for proxy, _, _ in proxies:
            proxy.wait(timeout=120)
        for p in backend_processes:
            p.send_signal(signal.SIGTERM)
        for p in backend_processes:
            p.wait(timeout=120)

        sent, answered, resends, connects, closes, errors = {}, 0, 0, 0, {}, 0
        for k in range(args.processes):
            with open(os.path.join(work, f"chargers{k}.json")) as f:
                r = json.load(f)
            sent.update(r["sent"])
            answered += r["answered"]
            resends += r["resends"]
            connects += r["connects"]
            errors += r["errors"]
            for code, n in r["closes"].items():
                closes[code] = closes.get(code, 0) + n
        received, by_backend = {}, {}
        for name in backends:
            by_backend[name] = 0
            for j in range(args.backend_processes):
                with open(os.path.join(work, f"{name}-{j}.json")) as f:
                    r = json.load(f)
                by_backend[name] += sum(len(v) for cid, v in r["received"].items() if cid.startswith("EV"))
                for cid, v in r["received"].items():
                    if cid.startswith("EV"):
                        received.setdefault(cid, []).extend(v)
        sent_total = sum(len(v) for v in sent.values())
        lost = sum(len(set(v) - set(received.get(cid, []))) for cid, v in sent.items())
        received_unique = sum(len(set(v)) for v in received.values())
        received_total = sum(len(v) for v in received.values())
        print(f"frames: the chargers sent {sent_total} distinct CALLs ({resends} held over a reconnect and sent on the next connection) and got "
              f"{answered} answers; the backends received {received_total} ({received_unique} distinct: legacy {by_backend['legacy']}, "
              f"target {by_backend['target']}); the proxy counted {int(frames_total)} to the backends (with the probes); "
              f"lost (sent, never reached a backend): {lost}; unanswered: {sent_total - answered}", flush=True)
        print(f"connections: {connects} opened by the chargers; closes seen by them: {closes}; connect errors: {errors}", flush=True)
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
        if not args.keep:
            subprocess.run(["rm", "-rf", work])


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="role")
    b = sub.add_parser("backend")
    b.add_argument("--report", required=True)
    b.add_argument("--port", type=int, default=0)
    c = sub.add_parser("chargers")
    for name in ("--url", "--prefix", "--report"):
        c.add_argument(name, required=True)
    c.add_argument("--first", type=int, required=True)
    c.add_argument("--count", type=int, required=True)
    c.add_argument("--every", type=float, default=10)
    c.add_argument("--ramp", type=float, default=100)
    c.add_argument("--files", type=int, default=65536)
    p = sub.add_parser("probe")
    for name in ("--url", "--direct", "--report"):
        p.add_argument(name, required=True)
    p.add_argument("--count", type=int, default=50)
    p.add_argument("--rate", type=float, default=2)
    p.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--migrate", default=".build/release/migrate")
    parser.add_argument("--chargers", type=int, default=10000)
    parser.add_argument("--move", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--every", type=float, default=10, help="seconds between a charger's CALLs")
    parser.add_argument("--proxies", type=int, default=1,
                        help="proxy processes on the same store, the generators' chargers spread over them (each holds two sockets per charger)")
    parser.add_argument("--backend-processes", type=int, default=2, help="processes per backend, sharing its port")
    parser.add_argument("--ramp", type=float, default=400, help="new charger connections a second, all generators together")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--batch-interval", default="1s")
    parser.add_argument("--import-every", default="0", help="the proxy's --import-every (default 0: the relay alone)")
    parser.add_argument("--probe-chargers", type=int, default=50)
    parser.add_argument("--probe-seconds", type=int, default=30)
    parser.add_argument("--files", type=int, default=65536, help="open-file limit to raise to (soft and hard)")
    parser.add_argument("--proxy-arg", action="append", default=[])
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    if args.role == "backend":
        raise_files(args_files_default())
        asyncio.run(backend_main(args))
    elif args.role == "chargers":
        asyncio.run(chargers_main(args))
    elif args.role == "probe":
        asyncio.run(probe_main(args))
    else:
        run(args)


def args_files_default():
    return resource.getrlimit(resource.RLIMIT_NOFILE)[1]


if __name__ == "__main__":
    main()
