import Engine
import OCPP
import Playbook

/// The sample names a playbook's metrics read, checked against the names anything records: a misspelt name
/// (`session.startd`) leaves its gate pending for ever — safe, since pending never passes, but silent. Warnings,
/// never errors: a pilot may be set up before its first import.
///
/// A name is fine when the store has samples of it, or when `migrate ocpp import` or the proxy records it
/// (OCPP.md's KPIs, `route.switch.*`). Otherwise it is warned about when a known or stored name is close to it
/// ("did you mean"), or, when the store was consulted and holds samples of other names, because none is stored.
public enum SampleNameCheck {
    /// The names `migrate ocpp import` and the proxy's imports store (OCPP.md, docs/proxy.md).
    public static let recorded: Set<String> = Set(KPIMetric.allCases.map(\.rawValue))
        .union(SwitchMetric.events.flatMap { SwitchMetric.samples(for: $0).map(\.metric) })

    /// One warning per metric and sample name that looks wrong; `stored`: the store's metric names, or nil when
    /// no store was consulted.
    public static func warnings(_ playbook: Playbook, file: String, stored: Set<String>?) -> [Diagnostic] {
        let candidates = recorded.union(stored ?? []).sorted()
        var warnings: [Diagnostic] = []
        for metric in playbook.metrics {
            var seen: Set<String> = []
            for name in metric.form.sampleNames where seen.insert(name).inserted {
                guard !recorded.contains(name), stored?.contains(name) != true else { continue }
                let head = "metric '\(metric.name)' reads samples named '\(name)', which "
                if let close = Suggestion.closest(to: name, in: candidates), close != name {
                    let which = stored == nil ? "neither `migrate ocpp import` nor the proxy records"
                        : "no import has stored and neither `migrate ocpp import` nor the proxy records"
                    warnings.append(Diagnostic(.warning, head + which + "; did you mean '\(close)'? Its gates stay pending until such samples exist",
                                               file: file, at: metric.position))
                } else if let stored, !stored.isEmpty {
                    let some = stored.sorted().prefix(8).joined(separator: ", ") + (stored.count > 8 ? ", …" : "")
                    warnings.append(Diagnostic(.warning, head + "no import has stored yet: its gates stay pending until they are imported (stored: \(some))",
                                               file: file, at: metric.position))
                }
            }
        }
        return warnings
    }
}

extension MigrationService {
    /// `SampleNameCheck` against this store's metric names.
    public func sampleNameWarnings(_ playbook: Playbook, file: String) throws -> [Diagnostic] {
        SampleNameCheck.warnings(playbook, file: file, stored: try store.metricNames())
    }
}
