import Foundation
import Gates
import Playbook

extension CohortRunner {
    /// Evaluates the cohort's current phase now: gathers the inputs (issues, approvals, other cohorts,
    /// metric totals, Prometheus answers, external checks), then judges them with the pure `GateEvaluator`.
    /// Chargers set aside (quarantined, held back by a preflight) are not part of the evidence.
    /// `reads`: what evaluations of other cohorts at the same instant already read (issues, milestones, the
    /// `compare_to` groups and their totals), shared rather than read again.
    public func gateReport(for snapshot: CohortSnapshot, now: Date, reads: GateReads = GateReads()) async throws -> GateReport {
        let machine = snapshot.machine
        let phase = machine.phase
        let cohort = snapshot.cohort
        let aside = snapshot.segments.quarantinedChargers.union(snapshot.segments.heldChargers)
        let groupCharger = snapshot.chargers.filter { !aside.contains($0.id) }.map {
            GroupCharger(id: $0.id, attributes: $0.attributes, backend: snapshot.routes[$0.id] ?? snapshot.playbook.from)
        }
        var inputs = GateInputs(now: now, cohort: cohort.name, phase: phase, enteredAt: cohort.enteredAt,
                                to: snapshot.playbook.to, chargers: groupCharger)
        inputs.quarantinedSegments = Dictionary(grouping: snapshot.segments.quarantines, by: \.attribute).mapValues { $0.map(\.value) }
        let kinds = phase.gates.map(\.kind)
        if kinds.contains(where: { if case .issues = $0 { true } else { false } }) { inputs.issues = try reads.issues { try store.issues() } }
        if kinds.contains(where: { if case .approvals = $0 { true } else { false } }) { inputs.approvals = try store.approvals(of: cohort.name) }
        if kinds.contains(where: { if case .after = $0 { true } else { false } }) { inputs.cohorts = try reads.milestones { try store.milestones() } }
        let client = try prometheusClient(for: snapshot)
        // Each `compare_to` backend's chargers once, and the gates' sample totals read together (one read per window
        // and group rather than one per gate).
        func control(_ backend: String) throws -> [String] {
            let key = GateReads.ControlKey(backend: backend, includeUnrouted: backend == snapshot.playbook.from)
            return try reads.chargers(key) { try store.chargerIDs(routedTo: backend, includeUnrouted: key.includeUnrouted) }
        }
        var shared = SharedSampleTotals(phase: phase, playbook: snapshot.playbook, now: now, enteredAt: cohort.enteredAt)
        if let samples {
            let group = inputs.group.map(\.id)
            try shared.read(samples, group: group, control: control, reads: reads, from: snapshot.playbook.from)
        }
        for (index, gate) in phase.gates.enumerated() {
            guard case let .metric(metricGate) = gate.kind, let definition = snapshot.playbook.metric(named: metricGate.metric) else { continue }
            if let attribute = metricGate.by {
                inputs.metrics[index] = try await segmentEvidence(metricGate, by: attribute, definition: definition, inputs: inputs,
                                                                  snapshot: snapshot, prometheus: client)
            } else {
                inputs.metrics[index] = try await metricEvidence(metricGate, definition: definition, inputs: inputs, playbook: snapshot.playbook,
                                                                 prometheus: client, shared: shared, control: control)
            }
        }
        try await observeChecks(into: &inputs, snapshot: snapshot)
        return GateEvaluator.evaluate(inputs)
    }

    /// The client for the playbook's Prometheus server, when it names one and a connector is wired.
    func prometheusClient(for snapshot: CohortSnapshot) throws -> (any PrometheusQuerying)? {
        guard let url = snapshot.playbook.prometheus?.url, let prometheus else { return nil }
        do { return try prometheus(url) } catch {
            throw MigrateError.invalid("the playbook of cohort \(snapshot.cohort.name): prometheus url '\(url)': \(error)")
        }
    }

    func metricEvidence(_ gate: MetricGate, definition: MetricDefinition, inputs: GateInputs, playbook: Playbook,
                        prometheus: (any PrometheusQuerying)?, shared: SharedSampleTotals = SharedSampleTotals(),
                        control controlIDs: ((String) throws -> [String])? = nil) async throws -> MetricEvidence {
        let window = gate.window(now: inputs.now, enteredAt: inputs.enteredAt)
        let group = inputs.group.map(\.id)
        let control: [String]? = try gate.compareTo.map {
            try controlIDs?($0) ?? store.chargerIDs(routedTo: $0, includeUnrouted: $0 == playbook.from)
        }
        switch definition.form {
        case let .prometheus(template):
            let query = PrometheusTemplate.render(template, chargers: group, window: window, cohort: inputs.cohort)
            let measured = await prometheusMeasurement(query, chargers: group.count, at: inputs.now, prometheus: prometheus)
            var controlMeasured: MetricMeasurement?
            if let control {
                let q = PrometheusTemplate.render(template, chargers: control, window: window, cohort: inputs.cohort)
                controlMeasured = await prometheusMeasurement(q, chargers: control.count, at: inputs.now, prometheus: prometheus)
            }
            return MetricEvidence(window: window, group: measured, control: controlMeasured, query: query)
        default:
            guard let samples else {
                let none = MetricMeasurement(value: nil, samples: 0, chargers: group.count, note: "no sample store")
                return MetricEvidence(window: window, group: none, control: control.map { _ in none })
            }
            let names = definition.form.sampleNames
            let groupTotals = try shared.totals(names, window: window, control: nil)
                ?? samples.totals(of: names, chargers: group, window: window)
            let measured = MetricMath.measure(definition.form, totals: groupTotals, chargers: group.count, window: window)
            let controlMeasured = try control.map {
                let totals = try gate.compareTo.flatMap { shared.totals(names, window: window, control: $0) }
                    ?? samples.totals(of: names, chargers: $0, window: window)
                return MetricMath.measure(definition.form, totals: totals, chargers: $0.count, window: window)
            }
            return MetricEvidence(window: window, group: measured, control: controlMeasured)
        }
    }

    func prometheusMeasurement(_ query: String, chargers: Int, at now: Date, prometheus: (any PrometheusQuerying)?) async -> MetricMeasurement {
        guard chargers > 0 else { return MetricMeasurement(value: nil, samples: nil, chargers: 0, note: "no chargers in the group") }
        guard let prometheus else {
            return MetricMeasurement(value: nil, samples: nil, chargers: chargers, note: "the playbook names no prometheus url")
        }
        do {
            let value = try await prometheus.instantQuery(query, at: now)
            return MetricMeasurement(value: value, samples: nil, chargers: chargers, note: query)
        } catch {
            return MetricMeasurement(value: nil, samples: nil, chargers: chargers, note: "Prometheus: \(error)")
        }
    }
}

/// Fills a `prometheus:` query's templates.
public enum PrometheusTemplate {
    /// `{{chargers}}`: a regex alternation of the ids (regex metacharacters escaped);
    /// `{{window}}`: the window as a Prometheus duration in whole seconds; `{{cohort}}`: the cohort's name.
    public static func render(_ query: String, chargers: [String], window: EvidenceWindow, cohort: String) -> String {
        let alternation = chargers.map(escapeRegex).joined(separator: "|")
        let seconds = max(1, Int64(window.seconds.rounded()))
        return query
            .replacingOccurrences(of: "{{chargers}}", with: alternation)
            .replacingOccurrences(of: "{{window}}", with: "\(seconds)s")
            .replacingOccurrences(of: "{{cohort}}", with: cohort)
    }

    /// Escapes RE2 metacharacters and the characters that would end a PromQL string.
    static func escapeRegex(_ s: String) -> String {
        var out = ""
        for ch in s {
            if "\\.+*?()|[]{}^$".contains(ch) { out += "\\\\" + String(ch) } else if ch == "\"" { out += "\\\"" } else { out.append(ch) }
        }
        return out
    }
}
