import Application
import Engine
import Foundation
import Gates

/// `/metrics` in Prometheus's text format, written by hand: the values are the store's state read at scrape time
/// (gauges) plus the server's counters, which needs no metrics library (and its build time).
struct MetricsExposition {
    let service: MigrationService
    let counters: ServerCounters
    let clock: Invocation

    func render() async throws -> String {
        var out = MetricsText()
        var statuses: [CohortStatusView] = []
        var reports: [String: GateReport] = [:]
        let reads = GateReads()  // what every cohort's gates read alike, read once
        for cohort in try service.cohorts() {
            let (status, report) = try await service.statusAndGates(of: cohort.name, as: clock, reads: reads)
            statuses.append(status)
            reports[cohort.name] = report
        }
        out.help("migrate_cohort_phase", "The cohort's current phase (1 for the phase it is in), with its index.")
        for s in statuses { out.sample("migrate_cohort_phase", ["cohort": s.cohort, "playbook": s.playbook, "phase": s.phase], Double(s.phaseIndex)) }
        out.help("migrate_cohort_status", "1 for the cohort's status, 0 for the others.")
        for s in statuses {
            for status in CohortStatus.allCases { out.sample("migrate_cohort_status", ["cohort": s.cohort, "status": status.rawValue], s.status == status.rawValue ? 1 : 0) }
        }
        out.help("migrate_cohort_chargers", "The cohort's chargers routed to each backend.")
        for s in statuses {
            for (backend, n) in s.routes.sorted(by: { $0.key < $1.key }) { out.sample("migrate_cohort_chargers", ["cohort": s.cohort, "backend": backend], Double(n)) }
        }
        out.help("migrate_gates", "Gates of the cohort's current phase by result, evaluated at scrape (active cohorts).")
        for s in statuses {
            guard let g = s.gates else { continue }
            for (result, n) in [("pass", g.pass), ("fail", g.fail), ("pending", g.pending)] {
                out.sample("migrate_gates", ["cohort": s.cohort, "phase": s.phase, "result": result], Double(n))
            }
        }
        out.help("migrate_gate_result", "1 for each gate of an active cohort's current phase, labelled with its result (pass, fail, pending).")
        for s in statuses {
            for gate in reports[s.cohort]?.gates ?? [] {
                out.sample("migrate_gate_result", ["cohort": s.cohort, "phase": s.phase, "kind": gate.kind, "gate": gate.name,
                                                   "result": gate.result.rawValue], 1)
            }
        }
        out.help("migrate_plan_steps", "The plan under way: its steps, and how many are done.")
        for s in statuses {
            guard let p = s.plan else { continue }
            out.sample("migrate_plan_steps", ["cohort": s.cohort, "plan": p.id, "kind": p.kind, "state": p.state], Double(p.steps))
            out.sample("migrate_plan_steps_done", ["cohort": s.cohort, "plan": p.id, "kind": p.kind, "state": p.state], Double(p.next))
        }
        let c = counters.snapshot
        out.help("migrate_alerts_total", "Alerts this server sent (or failed to send) since it started.", type: "counter")
        for (labels, n) in c.alerts.sorted(by: { $0.key < $1.key }) { out.raw("migrate_alerts_total{\(labels)} \(n)") }
        out.help("migrate_watch_passes_total", "Watch loop passes since the server started, by outcome.", type: "counter")
        for (labels, n) in c.passes.sorted(by: { $0.key < $1.key }) { out.raw("migrate_watch_passes_total{\(labels)} \(n)") }
        if let last = c.lastPass {
            out.help("migrate_watch_last_pass_timestamp_seconds", "When the last watch pass ended.")
            out.raw("migrate_watch_last_pass_timestamp_seconds \(Int(last.timeIntervalSince1970))")
        }
        out.help("migrate_access_denied_unjournaled_total",
                 "Refused writes not journaled since the server started (the same person and route refused within a minute; folded into the next access-denied entry's repeated).",
                 type: "counter")
        out.raw("migrate_access_denied_unjournaled_total \(counters.accessDenials.unjournaled)")
        out.help("migrate_api_requests_total", "API requests since the server started, by method, route and status.", type: "counter")
        for (labels, n) in c.requests.sorted(by: { $0.key < $1.key }) { out.raw("migrate_api_requests_total{\(labels)} \(n)") }
        return out.text
    }
}

/// Prometheus text exposition: HELP/TYPE lines and samples with escaped label values.
struct MetricsText {
    private(set) var text = ""

    mutating func help(_ name: String, _ help: String, type: String = "gauge") {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, _ labels: [String: String], _ value: Double) {
        let pairs = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(Self.escape($0.value))\"" }.joined(separator: ",")
        let number = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        text += "\(name){\(pairs)} \(number)\n"
    }

    mutating func raw(_ line: String) { text += line + "\n" }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
