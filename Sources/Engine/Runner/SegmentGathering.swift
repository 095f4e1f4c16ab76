import Foundation
import Gates
import Playbook

extension CohortRunner {
    /// The evidence of a `by:` metric gate: the group on `to` split by the attribute's value, each segment measured
    /// on its own; with `compare_to`, against the same segment of the fleet on that backend (without the chargers this
    /// cohort's preflight held back: they are known to be unhealthy).
    func segmentEvidence(_ gate: MetricGate, by attribute: String, definition: MetricDefinition, inputs: GateInputs,
                         snapshot: CohortSnapshot, prometheus: (any PrometheusQuerying)?) async throws -> MetricEvidence {
        let playbook = snapshot.playbook
        let window = gate.window(now: inputs.now, enteredAt: inputs.enteredAt)
        let bySegment = Dictionary(grouping: inputs.group) { $0.attributes[attribute] ?? SegmentEvidence.none }
        let held = snapshot.segments.heldChargers
        let controls: [String: [String]]? = try gate.compareTo.map {
            try store.chargerIDs(routedTo: $0, includeUnrouted: $0 == playbook.from, by: attribute).mapValues { $0.filter { !held.contains($0) } }
        }
        var segments: [SegmentEvidence] = []
        for value in bySegment.keys.sorted() {
            let ids = bySegment[value]!.map(\.id).sorted()
            let control = controls.map { $0[value] ?? [] }
            switch definition.form {
            case let .prometheus(template):
                let query = PrometheusTemplate.render(template, chargers: ids, window: window, cohort: inputs.cohort)
                let measured = await prometheusMeasurement(query, chargers: ids.count, at: inputs.now, prometheus: prometheus)
                var controlMeasured: MetricMeasurement?
                if let control {
                    let q = PrometheusTemplate.render(template, chargers: control, window: window, cohort: inputs.cohort)
                    controlMeasured = await prometheusMeasurement(q, chargers: control.count, at: inputs.now, prometheus: prometheus)
                }
                segments.append(SegmentEvidence(value: value, chargers: ids, group: measured, control: controlMeasured, query: query))
            default:
                let measure = { (chargers: [String]) throws -> MetricMeasurement in
                    guard let samples = self.samples else {
                        return MetricMeasurement(value: nil, samples: 0, chargers: chargers.count, note: "no sample store")
                    }
                    let totals = try samples.totals(of: definition.form.sampleNames, chargers: chargers, window: window)
                    return MetricMath.measure(definition.form, totals: totals, chargers: chargers.count, window: window)
                }
                segments.append(SegmentEvidence(value: value, chargers: ids, group: try measure(ids), control: try control.map(measure)))
            }
        }
        let whole = MetricMeasurement(value: nil, samples: nil, chargers: inputs.group.count, note: "judged by \(attribute)")
        return MetricEvidence(window: window, group: whole, segments: segments)
    }
}
