@testable import Adapters
import Engine
import Foundation
import Gates
import Playbook
import Testing

/// `check:` gates against a real HTTP server on 127.0.0.1 (Fixtures/webhook_receiver.py) and real programs, judged as the
/// engine judges them. Test programs are `/bin/sh -c` scripts (in tests only); the performer never uses a shell.
@Suite struct GateCheckPerformerTests {
    let performer = GateCheckPerformer(environment: ["PATH": "/usr/bin:/bin"], killGrace: .milliseconds(300))
    let context = CheckContext(cohort: "north/1", playbook: "mixed", phase: "pilot", status: "active", actor: "ops",
                               chargers: ["CP-1", "CP 2"], at: Date(timeIntervalSince1970: 1_793_610_000), simulated: true)

    func judge(_ check: CheckGate) async -> (CheckObservation, GateResult) {
        let observation = await performer.observe(check, context: context)
        var inputs = GateInputs(now: context.at, cohort: "north", phase: Phase(name: "pilot", gates: [Gate(.check(check))]),
                                enteredAt: context.at, to: "target", chargers: [])
        inputs.checks = [0: observation]
        return (observation, GateEvaluator.evaluate(inputs).gates[0])
    }

    static func jsonPath(_ status: Int, _ body: String) -> String {
        let b64 = Data(body.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "/json/\(status)/\(b64)"
    }

    func http(_ url: String, status: Int = 200, json: [JSONExpectation] = [], headers: [WebhookStep.Header] = [], method: String = "GET",
              timeout: Int64 = 5) -> CheckGate {
        CheckGate(probe: .http(HTTPProbe(url: url, method: method, headers: headers, expectStatus: status, expectJSON: json)),
                  timeout: PlaybookDuration(seconds: timeout))
    }

    @Test func passesOnTheStatusAndTheJSONValues() async throws {
        let receiver = try await Receiver.start()
        let body = #"{"missing": 0, "summary": {"state": "ready"}, "items": [{"id": "CP-1"}]}"#
        let check = http(receiver.url(Self.jsonPath(200, body)) + "?cohort={{cohort}}&ids={{chargers}}",
                         json: [.init(path: "missing", value: .number(0)), .init(path: "summary.state", value: .string("ready")),
                                .init(path: "items.0.id", value: .string("CP-1"))],
                         headers: [.init(name: "Authorization", value: "Bearer {{cohort}}")])
        let (o, r) = await judge(check)
        #expect(r.result == .pass, "\(r.detail)")
        #expect(o.outcome == .answered(status: 200))
        #expect(o.excerpt == body)
        let request = try #require(try receiver.requests().first)
        #expect(request.method == "GET")
        #expect(request.path.hasSuffix("?cohort=north%2F1&ids=CP-1%2CCP%202"), "templates escaped for a URL: \(request.path)")
        #expect(request.header("Authorization") == "Bearer north/1")
        #expect(request.header("User-Agent") == "migrate")
        #expect(request.body.isEmpty, "a check sends no body")
    }

    @Test func anotherAnswerFails() async throws {
        let receiver = try await Receiver.start()
        let (_, wrongStatus) = await judge(http(receiver.url("/status/503/x")))
        #expect(wrongStatus.result == .fail)
        #expect(wrongStatus.detail.contains("→ 503") && wrongStatus.detail.hasSuffix("expected 200"), "\(wrongStatus.detail)")
        #expect(wrongStatus.output == #"{"error": "as asked"}"#)
        let (_, wrongValue) = await judge(http(receiver.url(Self.jsonPath(200, #"{"missing": 3}"#)), json: [.init(path: "missing", value: .number(0))]))
        #expect(wrongValue.result == .fail)
        #expect(wrongValue.detail.contains("missing is 3 (expected 0)"))
        // A redirect is an answer, not followed.
        let (o, redirected) = await judge(http(receiver.url("/redirect/x")))
        #expect(o.outcome == .answered(status: 302))
        #expect(redirected.result == .fail)
        #expect(try receiver.requests().filter { $0.path == "/ops" }.isEmpty)
    }

    @Test func aBodyPastTheCapIsNeverReadWhole() async throws {
        let receiver = try await Receiver.start()
        let size = CheckObservation.bodyLimit * 3
        let (o, r) = await judge(http(receiver.url("/big/\(size)"), json: [.init(path: "ok", value: .bool(true))], timeout: 90))
        #expect(o.outcome == .answered(status: 200))
        #expect(!o.bodyComplete)
        #expect((o.body?.count ?? 0) <= CheckObservation.bodyLimit)
        #expect(r.result == .fail)
        #expect(r.detail.contains("too long to check its JSON"))
        #expect(o.excerpt?.hasPrefix(String(repeating: "x", count: 1024)) == true)
        #expect(o.excerpt?.hasSuffix("[first 1024 bytes of \(size)]") == true, "the announced length: \(o.excerpt?.suffix(40) ?? "")")
    }

    @Test func noAnswerIsPending() async throws {
        let (o1, refused) = await judge(http("http://127.0.0.1:\(try SilentServer.unusedPort())/x"))
        #expect(refused.result == .pending, "\(o1)")
        #expect(refused.detail.contains("cannot connect") || refused.detail.contains("connection"), "\(refused.detail)")
        let silent = try SilentServer()
        defer { silent.close() }
        let started = ContinuousClock.now
        let (o2, timedOut) = await judge(http("http://127.0.0.1:\(silent.port)/x", timeout: 1))
        #expect(o2.outcome == .timedOut)
        #expect(timedOut.result == .pending)
        // A silent server never answers: only our 1 s deadline ends the wait (the bound is loose for a loaded machine).
        #expect(ContinuousClock.now - started < .seconds(120), "our own deadline, not the system's")
    }

    @Test func programsPassOnZeroFailOnOneAndAnythingElseIsPending() async throws {
        func run(_ body: String, timeout: Int64 = 10) async -> (CheckObservation, GateResult) {
            await judge(CheckGate(probe: .run(["/bin/sh", "-c", body, "prog", "{{cohort}}", "{{chargers}}"]), timeout: PlaybookDuration(seconds: timeout)))
        }
        let (o, ok) = await run(#"printf '%s|%s|%s|%s\n' "$1" "$2" "$MIGRATE_COHORT" "$MIGRATE_CHECK"; exit 0"#)
        #expect(ok.result == .pass)
        #expect(o.excerpt == "north/1|CP-1,CP 2|north/1|1\n", "arguments verbatim, no shell between")
        #expect(ok.source == [#"run /bin/sh -c 'printf '\''%s|%s|%s|%s\n'\'' "$1" "$2" "$MIGRATE_COHORT" "$MIGRATE_CHECK"; exit 0' prog north/1 'CP-1,CP 2'"#])
        #expect(await run("exit 1").1.result == .fail)
        let (_, two) = await run("echo half; exit 2")
        #expect(two.result == .pending)
        #expect(two.value == 2)
        #expect(two.output == "half\n")
        let (o3, slow) = await run("sleep 30", timeout: 1)
        #expect(o3.outcome == .timedOut)
        #expect(slow.result == .pending)
        let (_, killed) = await run("kill -9 $$")
        #expect(killed.result == .pending)
        #expect(killed.detail.contains("signal 9"))
    }

    @Test func aMissingProgramIsPendingAndSaysSo() async {
        let (o, r) = await judge(CheckGate(probe: .run(["./no-such-check", "{{cohort}}"]), timeout: PlaybookDuration(seconds: 5)))
        #expect(o.outcome == .notStarted("program not found (or not executable)"))
        #expect(r.result == .pending)
    }

    @Test func outputPastAKiBKeepsItsStart() async {
        let (o, r) = await judge(CheckGate(probe: .run(["/bin/sh", "-c", "yes y | head -c 5000; exit 1"]), timeout: PlaybookDuration(seconds: 10)))
        #expect(r.result == .fail)
        #expect(o.excerpt == String(repeating: "y\n", count: 512) + "\n[first 1024 bytes of 5000]", "\(o.excerpt ?? "")")
    }
}
