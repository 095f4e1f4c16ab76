#!/usr/bin/env python3
"""The dashboard in a real browser: Playwright for Python driving Debian's chromium (never a downloaded build)
against a running `migrate serve` on a store prepared with the command line.

usage: dashboard_browser.py MIGRATE_BINARY SCREENSHOT_DIR
Exits 0 when every check passed; prints what it checked and the cohort page's load time at 10,000 chargers.
"""
import json, os, re, shutil, subprocess, sys, tempfile, time, urllib.request
from playwright.sync_api import sync_playwright

MIGRATE, SHOTS = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
CHROMIUM = os.environ.get("MIGRATE_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
NOW = "2026-11-10T12:00:00Z"

OPEN = """playbook: open
version: 1
backends:
  legacy: ws://legacy.example.net/ocpp
  target: ws://target.example.net/ocpp
from: legacy
to: target
phases:
  - name: pilot
    scope: all
  - name: checkpoint
    scope: all
    gates:
      - approvals:
          roles: [finance]
  - name: fleet
    scope: all
plans:
  rollback:
    - route: legacy
  pause:
    - route: legacy
"""

BULK = """playbook: bulk
version: 1
backends:
  legacy: ws://legacy.example.net/ocpp
  target: ws://target.example.net/ocpp
from: legacy
to: target
metrics:
  success:
    ratio: [session.started, session.attempted]
phases:
  - name: wave
    scope: all
    soak: 14d
    gates:
      - metric: success
        at_least: 0.95
  - name: done
    scope: all
plans:
  rollback:
    - route: legacy
  pause:
    - route: legacy
"""

checks = []
def check(cond, what):
    checks.append(what)
    if not cond:
        raise AssertionError("FAILED: " + what)
    print("ok -", what, flush=True)

def cli(work, *args, now=NOW, actor="setup"):
    env = dict(os.environ, MIGRATE_DB=os.path.join(work, "migrate.db"), MIGRATE_ACTOR=actor, MIGRATE_NOW=now)
    r = subprocess.run([MIGRATE, *args], env=env, cwd=work, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"migrate {' '.join(args)} failed ({r.returncode}): {r.stderr}")
    return r.stdout

def prepare(work):
    with open(os.path.join(work, "fleet.csv"), "w") as f:
        f.write("id,site,model\n")
        for i in range(1, 5):
            f.write(f"NORTH-{i},north,X\n")
        f.write('EVIL-<img src=x onerror=alert(1)>,north,"<b>Y</b>"\n')
        for i in range(1, 10001):
            f.write(f"CP-{i:05d},bulk,Y\n")
    with open(os.path.join(work, "open.yaml"), "w") as f: f.write(OPEN)
    with open(os.path.join(work, "bulk.yaml"), "w") as f: f.write(BULK)
    cli(work, "fleet", "import", "fleet.csv", now="2026-11-01T09:00:00Z")
    cli(work, "cohort", "create", "north", "--playbook", "open.yaml", "--where", "site=north", now="2026-11-01T09:00:00Z")
    cli(work, "cohort", "create", "bulk", "--playbook", "bulk.yaml", "--where", "site=bulk", now="2026-11-01T09:00:00Z")
    with open(os.path.join(work, "samples.csv"), "w") as f:
        f.write("time,charger,metric,value\n")
        for day in range(2, 10):
            for i in range(1, 201):
                t = f"2026-11-{day:02d}T12:00:00Z"
                f.write(f"{t},CP-{i:05d},session.attempted,10\n")
                f.write(f"{t},CP-{i:05d},session.started,{10 if (i + day) % 9 else 9}\n")
    cli(work, "metrics", "import", "samples.csv", now="2026-11-10T00:00:00Z")
    cli(work, "issues", "add", "--title", "CP-00042 <script>alert('x')</script> reboots", "--severity", "high", "--cohort", "bulk")
    tokens = {}
    for person, role, extra in [("Vic Viewer", "viewer", []), ("Olga Operator", "operator", []),
                                ("Fiona Approver", "approver", ["--approves", "finance"])]:
        out = cli(work, "token", "create", "--person", person, "--role", role, *extra)
        tokens[role] = re.search(r"mgt_[A-Za-z0-9_\-+/=]+", out).group(0)
    return tokens

def serve(work, every="0", now=NOW):
    env = dict(os.environ, MIGRATE_DB=os.path.join(work, "migrate.db"), MIGRATE_ACTOR="watch-bot", MIGRATE_NOW=now)
    p = subprocess.Popen([MIGRATE, "serve", "--listen", "127.0.0.1:0", "--evaluate-every", every], env=env, cwd=work,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = p.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
    if not m:
        p.kill()
        raise RuntimeError("migrate serve did not say where it listens: " + line)
    return p, f"http://127.0.0.1:{m.group(1)}"

def api(base, token, path):
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())

def login(browser, base, token, **kw):
    ctx = browser.new_context(**kw)
    page = ctx.new_page()
    page.goto(base + "/dashboard")
    check("/dashboard/login" in page.url, "an anonymous visit goes to the login form")
    page.get_by_label("Token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/dashboard")
    return ctx, page

FAILING = """playbook: failing
version: 1
backends:
  legacy: ws://legacy.example.net/ocpp
  target: ws://target.example.net/ocpp
from: legacy
to: target
metrics:
  success:
    ratio: [session.started, session.attempted]
phases:
  - name: pilot
    scope: all
    gates:
      - metric: success
        at_least: 0.9
    on_fail: rollback
  - name: fleet
    scope: all
plans:
  rollback:
    - route: legacy
"""

def main():
    os.makedirs(SHOTS, exist_ok=True)
    work = tempfile.mkdtemp(prefix="dashboard-browser-")
    tokens = prepare(work)
    server, base = serve(work)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            run(browser, base, tokens)
            watched(browser)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
    print(f"DASHBOARD-BROWSER: {len(checks)} checks passed")

def watched(browser):
    """A server whose watch loop runs: the overview shows when the last evaluation ran and what it did, as /api/watch says."""
    work = tempfile.mkdtemp(prefix="dashboard-watch-")
    created = "2026-11-02T09:00:00Z"
    with open(os.path.join(work, "fleet.csv"), "w") as f: f.write("id,site\nEAST-1,east\nEAST-2,east\n")
    with open(os.path.join(work, "failing.yaml"), "w") as f: f.write(FAILING)
    with open(os.path.join(work, "samples.csv"), "w") as f:
        f.write("time,charger,metric,value\n2026-11-02T10:00:00Z,EAST-1,session.attempted,10\n2026-11-02T10:00:00Z,EAST-1,session.started,5\n")
    cli(work, "fleet", "import", "fleet.csv", now=created)
    cli(work, "cohort", "create", "east", "--playbook", "failing.yaml", "--all", now=created)
    cli(work, "metrics", "import", "samples.csv", now=created)
    viewer = re.search(r"mgt_[A-Za-z0-9_\-+/=]+", cli(work, "token", "create", "--person", "Vic Viewer", "--role", "viewer")).group(0)
    server, base = serve(work, every="300ms", now="2026-11-03T09:00:00Z")
    try:
        watch = None
        for _ in range(150):
            watch = api(base, viewer, "/api/watch")
            if watch["last_pass"] and watch["last_change"]:
                break
            time.sleep(0.2)
        last = watch["last_pass"]
        check(last is not None and last["outcome"] == "evaluated", "/api/watch reports the watch loop's last pass")
        check(watch["last_change"] is not None, "/api/watch reports the last pass that changed something")
        east = watch["last_change"]["cohorts"][0]
        check(east["cohort"] == "east" and east["did"] == "rolled-back" and east["gates"] == "fail" and east["failing"],
              "the pass found east's gate failing and rolled it back")
        check(api(base, viewer, "/api/cohorts/east")["status"] == "rolled-back", "the cohort is rolled back, as the pass says")
        ctx, page = login(browser, base, viewer)
        page.goto(base + "/dashboard")
        section = page.locator("#watch-pass")
        check(section.get_by_role("heading", name="Last evaluation").is_visible(), "the overview has a Last evaluation section")
        text = section.inner_text()
        check("evaluated" in text and "Last pass" in text, "the overview says when the last pass ran and that this server evaluated")
        row = section.locator("tr", has=page.get_by_role("link", name="east", exact=True)).first.inner_text()
        check("rolled-back" in row and "fail" in row and east["failing"][0] in row,
              "the overview's row for east says what the pass found (gate failing, named) and did (rolled back)")
        check(section.locator("time").first.get_attribute("datetime") == last["ended_at"], "the time of the last pass is machine-readable, as /api/watch says")
        page.screenshot(path=os.path.join(SHOTS, "last-evaluation.png"), full_page=True)
        ctx.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)

def run(browser, base, tokens):
    dialogs = []
    # Keyboard only: sign in and reach a cohort without the mouse.
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(base + "/dashboard/login")
    page.keyboard.press("Tab")  # skip link
    check(page.evaluate("document.activeElement.textContent") == "Skip to content", "the first Tab reaches the skip link")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "token":
            break
    check(page.evaluate("document.activeElement.id") == "token", "Tab reaches the labelled token field")
    page.keyboard.type(tokens["operator"])
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/dashboard")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "north":
            break
    check(page.evaluate("document.activeElement.textContent") == "north", "Tab reaches the cohort link on the overview")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    check(outline not in ("none", ""), "the focused link shows a focus outline")
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/dashboard/cohorts/north")
    check(page.get_by_role("heading", name="Cohort north").is_visible(), "Enter opens the cohort page")
    op = ctx

    # The overview, as the application counts it.
    page.goto(base + "/dashboard")
    status = api(base, tokens["viewer"], "/api/status")
    for s in status:
        card = page.locator("article.card", has=page.get_by_role("link", name=s["cohort"], exact=True))
        text = card.inner_text()
        check(f"{s['chargers']}:" in text and s["phase"] in text and s["status"] in text,
              f"the overview's {s['cohort']} card shows chargers, phase and status as /api/status says")
        for backend, n in s["routes"].items():
            check(f"{backend} {n}" in text, f"{s['cohort']}: {backend} {n} as /api/status says")
    check(page.locator(".split").count() == 1 and "10005 chargers" in page.inner_text("#split + div + p") or "of 10005 chargers" in page.content(),
          "the fleet split bar counts all 10005 chargers")
    check("CP-00042" in page.content() and "<script>alert('x')" not in page.content(), "the open high issue is listed, escaped")
    page.screenshot(path=os.path.join(SHOTS, "overview.png"), full_page=True)

    # Advance pilot → checkpoint through the confirm page, then a refused advance shows why.
    page.goto(base + "/dashboard/cohorts/north")
    page.get_by_role("link", name="Advance").click()
    page.get_by_label(re.compile("Reason")).fill("pilot looks fine")
    page.get_by_role("button", name="Advance").click()
    page.wait_for_url(base + "/dashboard/cohorts/north")
    check(api(base, tokens["viewer"], "/api/cohorts/north")["phase"] == "checkpoint", "advance through the form moved north to checkpoint")
    page.get_by_role("link", name="Advance").click()
    refusal = page.locator("#refusal")
    check(refusal.is_visible() and "approval" in refusal.inner_text().lower(), "the advance confirm page says why it is refused (approvals)")
    check(page.get_by_role("button", name="Advance").is_disabled(), "the Advance button is disabled while gates do not pass")
    page.screenshot(path=os.path.join(SHOTS, "advance-refused.png"), full_page=True)

    # A form post without the CSRF token is refused, with this session's cookie.
    r = page.request.post(base + "/dashboard/cohorts/north/actions/pause", form={"reason": "forged"})
    check(r.status == 403, "a POST without the CSRF token is refused with 403")
    check(api(base, tokens["viewer"], "/api/cohorts/north")["status"] == "active", "and nothing changed")

    # A viewer sees no action buttons.
    vctx, vpage = login(browser, base, tokens["viewer"])
    vpage.goto(base + "/dashboard/cohorts/north")
    check(vpage.locator("a.button").count() == 0 and vpage.locator("form[method=post]").count() == 1,
          "a viewer sees no action buttons (only the logout form)")
    vctx.close()

    # Approve as the approver; the journal names her.
    actx, apage = login(browser, base, tokens["approver"])
    apage.goto(base + "/dashboard/cohorts/north")
    apage.get_by_role("link", name="Approve as finance").click()
    apage.get_by_label(re.compile("Note")).fill("budget signed off")
    apage.get_by_role("button", name="Approve").click()
    apage.wait_for_url(base + "/dashboard/cohorts/north")
    history = api(base, tokens["viewer"], "/api/cohorts/north/history")
    approved = [e for e in history if e["kind"] == "approved"]
    check(approved and approved[-1]["actor"] == "Fiona Approver", "the approval is journaled with the approver's person")
    actx.close()

    # Now advance passes.
    page.goto(base + "/dashboard/cohorts/north/actions/advance")
    check(page.locator("#refusal").count() == 0, "after the approval the advance confirm page shows no refusal")
    page.get_by_label(re.compile("Reason")).fill("finance approved")
    page.get_by_role("button", name="Advance").click()
    page.wait_for_url(base + "/dashboard/cohorts/north")
    history = api(base, tokens["viewer"], "/api/cohorts/north/history")
    advanced = [e for e in history if e["kind"] == "advanced"]
    check(len(advanced) == 2 and advanced[-1]["actor"] == "Olga Operator", "the advance is journaled with the operator's person")

    # Rollback: the dry run first, then the rollback.
    page.get_by_role("link", name="Roll back").click()
    check("dry run" in page.content() and page.locator("ol li").count() >= 1, "the rollback confirm page shows the dry-run steps")
    page.screenshot(path=os.path.join(SHOTS, "rollback-dry-run.png"), full_page=True)
    check(api(base, tokens["viewer"], "/api/cohorts/north")["status"] == "active", "the dry run changed nothing")
    page.get_by_label(re.compile("Reason")).fill("site reports <b>failures</b>")
    page.get_by_role("button", name="Roll back").click()
    page.wait_for_url(base + "/dashboard/cohorts/north")
    check(api(base, tokens["viewer"], "/api/cohorts/north")["status"] == "rolled-back", "the rollback ran")
    check("site reports <b>failures</b>" in page.locator("#timeline ~ div").inner_text(), "the timeline shows the reason as text")
    check(not dialogs, "no script from untrusted text ran")

    # 10,000 chargers: paged, searchable; the load time is printed (a benchmark, not an assertion).
    start = time.monotonic()
    page.goto(base + "/dashboard/cohorts/bulk")
    elapsed = time.monotonic() - start
    print(f"DASHBOARD-BROWSER: /dashboard/cohorts/bulk (10000 chargers) loaded in {elapsed * 1000:.0f} ms", flush=True)
    check(page.locator("#chargers ~ div tbody tr").count() == 100, "the charger table shows 100 of 10000 on a page")
    check(page.locator("svg.chart").count() >= 1, "the daily metric chart is drawn (SVG)")
    page.screenshot(path=os.path.join(SHOTS, "cohort.png"), full_page=False)
    page.get_by_label(re.compile("Search chargers")).fill("CP-09999")
    page.get_by_role("button", name="Search").click()
    check(page.locator("#chargers ~ div tbody tr").count() == 1, "search finds one charger")
    page.get_by_role("link", name="CP-09999").click()
    check("Route history" in page.content() and "target" in page.content(), "the charger page shows its route")
    page.goto(base + "/dashboard/chargers/CP-00042")
    check("reboots" in page.locator("#issues ~ div").inner_text(), "the charger page lists the issue naming it")

    # Print: no navigation or forms.
    page.goto(base + "/dashboard/cohorts/bulk")
    page.emulate_media(media="print")
    check(not page.locator("header").is_visible() and not page.locator("form[role=search]").is_visible(), "print hides navigation and forms")
    page.emulate_media(media="screen")
    op.close()

    # A phone.
    pctx, ppage = login(browser, base, tokens["operator"], viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    ppage.goto(base + "/dashboard/cohorts/bulk")
    width = ppage.evaluate("document.documentElement.scrollWidth")
    check(width <= 390, f"the cohort page fits a 390 px phone (scroll width {width})")
    ppage.screenshot(path=os.path.join(SHOTS, "phone.png"), full_page=False)
    pctx.close()

if __name__ == "__main__":
    main()
