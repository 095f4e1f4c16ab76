import Playbook
import Testing

@Suite("Loading into the model")
struct LoaderTests {
    static let minimal = """
    playbook: minimal
    version: 1
    description: A tiny one.
    backends:
      legacy: wss://legacy.example.net/ocpp
      target: ws://target.example.net:8080/ocpp
    from: legacy
    to: target
    metrics:
      success:
        ratio: [session.started, session.attempted]
    phases:
      - name: pilot
        scope: { site: [depot-north, mall-west], share: 50% }
        soak: 14d
        gates:
          - metric: success
            at_least: 0.97
            window: 7d
            min_samples: 300
            compare_to: legacy
            max_drop: 0.01
        on_fail: pause
        promote: auto
      - name: fleet
        scope: all
    plans:
      rollback:
        - route: legacy
    """

    private func load(_ text: String) throws -> Playbook {
        let result = PlaybookLoader.load(text: text, file: "t.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        return try #require(result.playbook)
    }

    @Test func topLevel() throws {
        let p = try load(Self.minimal)
        #expect(p.name == "minimal")
        #expect(p.version == 1)
        #expect(p.description == "A tiny one.")
        #expect(p.backends.map(\.name) == ["legacy", "target"])
        #expect(p.backend(named: "target")?.url == "ws://target.example.net:8080/ocpp")
        #expect(p.from == "legacy" && p.to == "target")
        #expect(p.prometheus == nil)
        #expect(p.metrics == [MetricDefinition(name: "success", form: .ratio(numerator: "session.started", denominator: "session.attempted"), position: .init(line: 10, column: 3))])
        #expect(p.plans == Plans(rollback: [Step(.route(backend: "legacy"), position: .init(line: 29, column: 7))]))
    }

    @Test func phasesAndGates() throws {
        let p = try load(Self.minimal)
        #expect(p.phases.map(\.name) == ["pilot", "fleet"])
        let pilot = p.phases[0]
        #expect(pilot.position == SourcePosition(line: 13, column: 5))
        #expect(pilot.scope == .select(attributes: [AttributeSelector(attribute: "site", values: ["depot-north", "mall-west"])], share: Percentage(50)))
        #expect(pilot.soak == .days(14))
        #expect(pilot.onFail == .pause && pilot.promote == .auto)
        #expect(pilot.gates == [Gate(.metric(MetricGate(metric: "success", bound: .atLeast(0.97), window: .days(7), minSamples: 300,
                                                          compareTo: "legacy", maxDrop: 0.01)), position: .init(line: 17, column: 9))])
        let fleet = p.phases[1]
        #expect(fleet.scope == .all)
        #expect(fleet.soak == nil && fleet.gates.isEmpty && fleet.onFail == .hold && fleet.promote == .manual && fleet.onEnter.isEmpty)
        #expect(p.backends.map(\.position) == [SourcePosition(line: 5, column: 3), SourcePosition(line: 6, column: 3)])
    }

    static let everything = """
    playbook: everything
    version: 1
    backends: { legacy: "wss://a.example.net", target: "wss://b.example.net" }
    from: legacy
    to: target
    prometheus: { url: "http://127.0.0.1:9090" }
    metrics:
      r: { ratio: [a, b] }
      d: { per_charger_day: c }
      s: { sum: e }
      m: { mean: f }
      p: { prometheus: 'avg(up{charger=~"{{chargers}}"})' }
    phases:
      - name: one
        scope: { share: 10% }
        gates:
          - metric: r
            at_least: 0.5
          - metric: d
            at_most: 2
          - metric: s
            at_least: -3
          - metric: m
            at_most: 1e3
          - metric: p
            at_least: 0.99
          - issues: { severity: [critical, high], scope: fleet-wide, max_open: 2 }
          - issues: { severity: low }
          - issues: {}
          - approvals: { roles: [operations, support, finance], min: 2 }
          - approvals: { roles: ops }
          - coverage: { by: model, min_each: 3 }
          - coverage: { by: vendor }
          - calendar: { days: [mon, Friday], hours: "09:30-24:00", timezone: Europe/Berlin }
          - calendar: {}
          - after: { cohort: north, phase: fleet }
          - after: { cohort: south, completed: true }
        on_enter:
          - webhook:
              url: "https://hooks.example.net/{{cohort}}"
              method: put
              headers: { X-Team: ops }
              body: { text: "{{cohort}}", count: 3, ok: true, none: null, list: [1, "2"], quoted: "true" }
              timeout: 30s
              retries: 0
              secret_env: HOOK_KEY
          - webhook: { url: "http://hooks.example.net" }
          - run: [./notify.sh, "{{cohort}}"]
          - run: { command: [/bin/true], timeout: 5m }
          - manual: Check the chargers.
          - wait: 90m
    plans:
      pause: []
      rollback:
        - route: legacy
    """

    @Test func everyFormGateAndStep() throws {
        let p = try load(Self.everything)
        #expect(p.prometheus?.url == "http://127.0.0.1:9090")
        #expect(p.metrics.map(\.form) == [.ratio(numerator: "a", denominator: "b"), .perChargerDay("c"), .sum("e"), .mean("f"),
                                          .prometheus(query: #"avg(up{charger=~"{{chargers}}"})"#)])
        let gates = p.phases[0].gates.map(\.kind)
        #expect(gates[0] == .metric(MetricGate(metric: "r", bound: .atLeast(0.5))))
        #expect(gates[1] == .metric(MetricGate(metric: "d", bound: .atMost(2))))
        #expect(gates[2] == .metric(MetricGate(metric: "s", bound: .atLeast(-3))))
        #expect(gates[3] == .metric(MetricGate(metric: "m", bound: .atMost(1000))))
        #expect(gates[5] == .issues(IssuesGate(severities: [.critical, .high], scope: .fleetWide, maxOpen: 2)))
        #expect(gates[6] == .issues(IssuesGate(severities: [.low])))
        #expect(gates[7] == .issues(IssuesGate()))
        #expect(gates[8] == .approvals(ApprovalsGate(roles: ["operations", "support", "finance"], min: 2)))
        #expect(gates[9] == .approvals(ApprovalsGate(roles: ["ops"])))
        #expect(gates[10] == .coverage(CoverageGate(by: "model", minEach: 3)))
        #expect(gates[11] == .coverage(CoverageGate(by: "vendor", minEach: 1)))
        #expect(gates[12] == .calendar(CalendarGate(days: [.mon, .fri], hours: ClosedOpenMinutes(start: 570, end: 1440), timezone: "Europe/Berlin")))
        #expect(gates[13] == .calendar(CalendarGate()))
        #expect(gates[14] == .after(AfterGate(cohort: "north", milestone: .phase("fleet"))))
        #expect(gates[15] == .after(AfterGate(cohort: "south", milestone: .completed)))

        let steps = p.phases[0].onEnter.map(\.action)
        #expect(steps[0] == .webhook(WebhookStep(
            url: "https://hooks.example.net/{{cohort}}", method: "PUT", headers: [.init(name: "X-Team", value: "ops")],
            body: .object([(key: "text", value: .string("{{cohort}}")), (key: "count", value: .number(3)), (key: "ok", value: .bool(true)),
                           (key: "none", value: .null), (key: "list", value: .array([.number(1), .string("2")])), (key: "quoted", value: .string("true"))]),
            timeout: .init(seconds: 30), retries: 0, secretEnv: "HOOK_KEY")))
        #expect(steps[1] == .webhook(WebhookStep(url: "http://hooks.example.net")))
        #expect(steps[2] == .run(RunStep(command: ["./notify.sh", "{{cohort}}"])))
        #expect(steps[3] == .run(RunStep(command: ["/bin/true"], timeout: .init(seconds: 300))))
        #expect(steps[4] == .manual("Check the chargers."))
        #expect(steps[5] == .wait(.init(seconds: 5400)))
        #expect(p.plans.pause.isEmpty)
    }

    @Test func aFewAliasesAreFine() throws {
        let text = """
        playbook: aliased
        version: 1
        backends: { legacy: "wss://a.example.net", target: "wss://b.example.net" }
        from: legacy
        to: target
        phases:
          - name: one
            scope: all
            on_enter:
              - &notify { webhook: { url: "https://hooks.example.net" } }
        plans:
          pause: [*notify]
          rollback: [{ route: legacy }, *notify]
        """
        let p = try load(text)
        #expect(p.plans.rollback.count == 2)
        #expect(p.plans.pause == p.phases[0].onEnter)
    }

    @Test func bytesPathAndTextAgree() throws {
        let path = Fixtures.path("valid", "minimal.yaml")
        let fromPath = PlaybookLoader.load(path: path)
        let fromBytes = PlaybookLoader.load(data: Array(try Fixtures.text("valid", "minimal.yaml").utf8), file: path)
        #expect(fromPath.playbook != nil)
        #expect(fromPath.playbook == fromBytes.playbook)
        #expect(fromPath.diagnostics == fromBytes.diagnostics)
    }

    @Test func missingFileIsAnErrorWithAPosition() {
        let result = PlaybookLoader.load(path: "/nonexistent/playbook.yaml")
        #expect(result.playbook == nil)
        #expect(result.diagnostics.map(\.description) == ["/nonexistent/playbook.yaml:1:1: error: no such file"])
    }

    @Test func warningsDoNotBlock() throws {
        let text = Self.minimal.replacingOccurrences(of: "metrics:\n", with: "metrics:\n  spare: { sum: x }\n")
        let result = PlaybookLoader.load(text: text, file: "t.yaml")
        #expect(result.playbook != nil)
        #expect(result.warnings.map(\.description) == ["t.yaml:10:3: warning: metric 'spare' is defined but no gate uses it"])
    }

    @Test func byteOrderMarkAndCRLFAreFine() throws {
        let text = try Fixtures.text("valid", "minimal.yaml")
        let withBOM = PlaybookLoader.load(data: [0xEF, 0xBB, 0xBF] + Array(text.utf8), file: "bom.yaml")
        #expect(withBOM.diagnostics.isEmpty && withBOM.playbook != nil, "\(withBOM.diagnostics)")
        let crlf = PlaybookLoader.load(text: text.replacingOccurrences(of: "\n", with: "\r\n"), file: "crlf.yaml")
        #expect(crlf.diagnostics.isEmpty && crlf.playbook != nil, "\(crlf.diagnostics)")
        #expect(crlf.playbook?.phases.first?.position == SourcePosition(line: 12, column: 5))
    }
}
