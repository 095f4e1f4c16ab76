import Foundation
import Playbook

extension GateEvaluator {
    /// A `check:` gate, judged on what its run observed.
    ///
    /// HTTP: the expected status and every `expect_json` value → pass; any other answer → fail; no answer
    /// (unreachable, timed out) → pending. A program: exit 0 → pass, exit 1 → fail, anything else (another
    /// status, a signal, a timeout, not startable) → pending. Not run at all → pending.
    static func evaluateCheck(_ gate: CheckGate, observation: CheckObservation?) -> GateResult {
        let expected: Double
        switch gate.probe {
        case let .http(probe): expected = Double(probe.expectStatus)
        case .run: expected = 0
        }
        guard let o = observation else {
            return GateResult(kind: "check", name: name(of: gate), result: .pending, threshold: expected,
                              detail: "\(name(of: gate)): the check was not run (no check runner is configured)")
        }
        let name = String(o.target.prefix(160))
        func result(_ verdict: Verdict, _ detail: String, value: Double? = nil) -> GateResult {
            GateResult(kind: "check", name: name, result: verdict, value: value, threshold: expected, source: [o.target],
                       detail: detail, output: o.excerpt)
        }
        let took = o.elapsed.map { " in " + formatSeconds($0.rounded(.up)) } ?? ""
        switch (gate.probe, o.outcome) {
        case let (.http(probe), .answered(status)):
            guard status == probe.expectStatus else {
                return result(.fail, "\(o.target) → \(status)\(took), expected \(probe.expectStatus)", value: Double(status))
            }
            guard !probe.expectJSON.isEmpty else { return result(.pass, "\(o.target) → \(status)\(took)", value: Double(status)) }
            switch JSONMatching.mismatches(probe.expectJSON, body: o.body ?? Data(), complete: o.bodyComplete) {
            case let .failure(why):
                return result(.fail, "\(o.target) → \(status)\(took), but \(why)", value: Double(status))
            case let .success(wrong) where !wrong.isEmpty:
                return result(.fail, "\(o.target) → \(status)\(took), but " + wrong.joined(separator: "; "), value: Double(status))
            case .success:
                let matched = probe.expectJSON.map(\.path).joined(separator: ", ")
                return result(.pass, "\(o.target) → \(status)\(took) with the expected \(matched)", value: Double(status))
            }
        case let (.run, .exited(code)):
            switch code {
            case 0: return result(.pass, "\(o.target) → exit 0\(took)", value: 0)
            case 1: return result(.fail, "\(o.target) → exit 1\(took)", value: 1)
            default: return result(.pending, "\(o.target) → exit \(code)\(took): neither pass (0) nor fail (1), so no verdict", value: Double(code))
            }
        case let (_, .signaled(signal)):
            return result(.pending, "\(o.target) → killed by signal \(signal): no verdict")
        case (_, .timedOut):
            return result(.pending, "\(o.target): no \(isHTTP(gate) ? "answer" : "exit") within \(gate.timeout)")
        case let (_, .unreachable(why)):
            return result(.pending, "\(o.target): \(why)")
        case let (_, .notStarted(why)):
            return result(.pending, "\(o.target): not run: \(why)")
        case (.run, .answered), (.http, .exited):
            return result(.pending, "\(o.target): the check's runner reported an outcome that does not fit it")
        }
    }

    static func isHTTP(_ gate: CheckGate) -> Bool {
        if case .http = gate.probe { return true }
        return false
    }

    /// `GET URL` or `run PROGRAM ARG...` as written in the playbook (templates unfilled).
    static func name(of gate: CheckGate) -> String {
        switch gate.probe {
        case let .http(p): "\(p.method) \(p.url)"
        case let .run(command): "run " + command.joined(separator: " ")
        }
    }
}
