#!/usr/bin/env python3
"""Times the dashboard's pages at 10,000 chargers: the browser test's store (its own prepare()), a `migrate serve`
of the given binary, each page fetched with a viewer's session cookie; wall time and the server's CPU time
(/proc/PID/stat) per load. Needs Playwright for Python installed (the browser test module imports it); no browser
is started.

usage: python3 tools/dashboard-bench/page_times.py .build/release/migrate
"""
import sys, os, time, tempfile, urllib.request
here = os.path.dirname(os.path.abspath(__file__))
sys.argv = ["page_times", os.path.abspath(sys.argv[1]), tempfile.mkdtemp(prefix="dash-shots-")]
sys.path.insert(0, os.path.join(here, "..", "..", "Tests", "ServerTests", "Browser"))
import dashboard_browser as d
work = tempfile.mkdtemp(prefix="dash-measure-")
tokens = d.prepare(work)
p, base = d.serve(work)
def cpu():
    f = open(f"/proc/{p.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
def load(path):
    req = urllib.request.Request(base + path, headers={"Cookie": "migrate_session=" + tokens["viewer"]})
    c0, t0 = cpu(), time.monotonic()
    with urllib.request.urlopen(req) as r: body = r.read()
    return time.monotonic() - t0, cpu() - c0, len(body)
print("load average", open("/proc/loadavg").read().strip())
for path in ["/dashboard/cohorts/bulk"] * 6 + ["/dashboard"] * 3:
    w, c, n = load(path)
    print(f"{path}: wall {w*1000:.0f} ms, serve CPU {c*1000:.0f} ms, {n} bytes")
p.kill()
