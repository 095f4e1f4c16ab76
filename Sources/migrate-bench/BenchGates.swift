import Foundation
import Gates
import Playbook
import Store

/// The pilot's four metric gates, evaluated through the store's totals and `MetricMath`.
struct BenchGates {
    struct Definition {
        var name: String
        var form: MetricForm
        var compareToLegacy: Bool
    }

    static let gates: [Definition] = [
        Definition(name: "session_start_success", form: .ratio(numerator: "session.started", denominator: "session.attempted"), compareToLegacy: false),
        Definition(name: "connection_drops", form: .perChargerDay("connection.dropped"), compareToLegacy: false),
        Definition(name: "remote_action_success", form: .ratio(numerator: "remote.succeeded", denominator: "remote.requested"), compareToLegacy: true),
        Definition(name: "cdr_mismatch", form: .ratio(numerator: "cdr.mismatched", denominator: "cdr.checked"), compareToLegacy: false),
    ]

    static var names: [String] { Array(Set(gates.flatMap(\.form.sampleNames))).sorted() }

    struct Outcome {
        var gate: String
        var group: MetricMeasurement
        var control: MetricMeasurement?
        var groupTotals: SampleTotals
        var controlTotals: SampleTotals?
    }

    static func evaluate(store: MigrateStore, pilot: [String], legacy: [String], window: EvidenceWindow) throws -> [Outcome] {
        try gates.map { gate in
            let names = gate.form.sampleNames
            let (totals, took) = try measure { try store.totals(of: names, chargers: pilot, window: window) }
            if ProcessInfo.processInfo.environment["BENCH_DETAIL"] != nil { print(String(format: "  %@ pilot %.1f ms", gate.name, took * 1000)) }
            var outcome = Outcome(gate: gate.name, group: MetricMath.measure(gate.form, totals: totals, chargers: pilot.count, window: window),
                                  groupTotals: totals)
            if gate.compareToLegacy {
                let (control, tookControl) = try measure { try store.totals(of: names, chargers: legacy, window: window) }
                if ProcessInfo.processInfo.environment["BENCH_DETAIL"] != nil { print(String(format: "  %@ legacy %.1f ms", gate.name, tookControl * 1000)) }
                outcome.controlTotals = control
                outcome.control = MetricMath.measure(gate.form, totals: control, chargers: legacy.count, window: window)
            }
            return outcome
        }
    }
}
