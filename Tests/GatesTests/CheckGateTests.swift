import Foundation
import Gates
import Playbook
import Testing

/// `check:` gates judged on what was observed: the rules of PLAYBOOK.md, one row each.
@Suite struct CheckGateTests {
    static let http = CheckGate(probe: .http(HTTPProbe(url: "https://csms.example/api?cohort={{cohort}}", expectStatus: 200,
                                                      expectJSON: [JSONExpectation(path: "missing", value: .number(0)),
                                                                   JSONExpectation(path: "summary.state", value: .string("ready")),
                                                                   JSONExpectation(path: "items.1.id", value: .string("CP-2"))])),
                                timeout: .init(seconds: 10))
    static let run = CheckGate(probe: .run(["./certs", "{{cohort}}"]), timeout: .init(seconds: 30))
    static let good = #"{"missing": 0.0, "summary": {"state": "ready", "n": 2}, "items": [{"id": "CP-1"}, {"id": "CP-2"}]}"#

    func evaluate(_ gate: CheckGate, _ observation: CheckObservation?) -> GateResult {
        var i = inputs(phase: phase(.check(gate)))
        i.checks = observation.map { [0: $0] } ?? [:]
        return GateEvaluator.evaluate(i).gates[0]
    }

    func answered(_ status: Int, _ body: String, complete: Bool = true) -> CheckObservation {
        CheckObservation(outcome: .answered(status: status), target: "GET https://csms.example/api?cohort=north", body: Data(body.utf8),
                         bodyComplete: complete, excerpt: CheckObservation.excerpt(of: Data(body.utf8)), elapsed: 0.2)
    }

    static let httpCases: [(String, Int, String, Bool, Verdict, String)] = [
        ("expected status and every value", 200, good, true, .pass, "with the expected missing, summary.state, items.1.id"),
        ("another status", 503, good, true, .fail, "→ 503"),
        ("a value differs", 200, good.replacingOccurrences(of: "0.0", with: "3"), true, .fail, "missing is 3 (expected 0)"),
        ("a path is missing", 200, #"{"missing": 0, "summary": {}}"#, true, .fail, "summary.state is missing"),
        ("a boolean is not a number", 200, #"{"missing": false, "summary": {"state": "ready"}, "items": [1, {"id": "CP-2"}]}"#, true, .fail, "missing is false"),
        ("not JSON", 200, "<html>ok</html>", true, .fail, "the body is not JSON"),
        ("a body past the cap", 200, good, false, .fail, "too long to check its JSON"),
    ]

    @Test(arguments: Self.httpCases.indices)
    func httpAnswers(_ index: Int) {
        let (name, status, body, complete, verdict, words) = Self.httpCases[index]
        let r = evaluate(Self.http, answered(status, body, complete: complete))
        #expect(r.result == verdict, "\(name): \(r.detail)")
        #expect(r.detail.contains(words), "\(name): \(r.detail)")
        #expect(r.kind == "check")
        #expect(r.value == Double(status))
        #expect(r.threshold == 200)
        #expect(r.output == String(body.prefix(1024)), "the evidence keeps the body's start")
    }

    @Test func noAnswerIsPending() {
        for outcome: CheckObservation.Outcome in [.timedOut, .unreachable("cannot connect (connection refused)"), .notStarted("bad URL")] {
            let r = evaluate(Self.http, CheckObservation(outcome: outcome, target: "GET https://csms.example/api"))
            #expect(r.result == .pending, "\(outcome)")
        }
    }

    @Test(arguments: [(Int32(0), Verdict.pass), (1, .fail), (2, .pending), (127, .pending)])
    func programExitCodes(_ code: Int32, _ verdict: Verdict) {
        let r = evaluate(Self.run, CheckObservation(outcome: .exited(code), target: "run ./certs north", excerpt: "checked 4 chargers"))
        #expect(r.result == verdict)
        #expect(r.value == Double(code))
        #expect(r.output == "checked 4 chargers")
    }

    @Test func aKilledOrTimedOutProgramIsPending() {
        #expect(evaluate(Self.run, CheckObservation(outcome: .signaled(9), target: "run ./certs")).result == .pending)
        #expect(evaluate(Self.run, CheckObservation(outcome: .timedOut, target: "run ./certs")).result == .pending)
    }

    @Test func aCheckNobodyRanIsPending() {
        let r = evaluate(Self.run, nil)
        #expect(r.result == .pending)
        #expect(r.detail.contains("not run"))
    }

    @Test func theExcerptIsTheFirstKiBWithoutACutCharacter() throws {
        let body = String(repeating: "é", count: 1000)  // 2000 bytes
        let excerpt = try #require(CheckObservation.excerpt(of: Data(body.utf8)))
        #expect(excerpt.hasPrefix(String(repeating: "é", count: 512)))
        #expect(excerpt.contains("[first 1024 bytes of 2000]"))
        #expect(!excerpt.contains("\u{FFFD}"))
        // Cut inside a character: the partial character goes.
        let shifted = try #require(CheckObservation.excerpt(of: Data(("x" + body).utf8)))
        #expect(shifted.hasPrefix("x" + String(repeating: "é", count: 511) + "\n[first 1023 bytes of 2001]"), "\(shifted.suffix(40))")
    }
}
