import Foundation
import Gates
import Playbook

/// Scale-up risks in sentences: fleet-wide and unclassified issues, gates not passing, fleet values not covered,
/// manual steps in the plans.
enum RiskAssembly {
    static func risks(fleetWide: [IssueLine], unclassified: [IssueLine], report: GateReport, coverage: [CoverageTable],
                      plans: [PlanText], to: String) -> [String] {
        var risks: [String] = []
        for i in fleetWide {
            risks.append("Fleet-wide issue \(i.id) (\(i.severity.rawValue)) is open: \(i.title); it will reach every cohort.")
        }
        if !unclassified.isEmpty {
            risks.append("\(ReportFormat.plural(unclassified.count, "open issue")) not classified as pilot-specific or fleet-wide: "
                         + unclassified.map(\.id).joined(separator: ", ") + "; until someone does, assume fleet-wide.")
        }
        for g in report.gates where g.result != .pass {
            risks.append("Gate \(ReportText.gateName(g)) of \(report.phase) is \(g.result == .fail ? "failing" : "pending"): \(ReportText.detail(g)).")
        }
        for table in coverage where table.attribute != "backend" {
            let gaps = table.gaps
            guard !gaps.isEmpty else { continue }
            let listed = gaps.map { "\($0.value) (\($0.fleet) in the fleet)" }.joined(separator: ", ")
            risks.append("No charger of this cohort with \(table.attribute) \(listed) was ever on \(to): the cohort says nothing about \(gaps.count == 1 ? "it" : "them").")
        }
        for plan in plans where plan.manualSteps > 0 {
            risks.append("The \(plan.name) plan has \(ReportFormat.plural(plan.manualSteps, "manual step")): at scale a person must confirm \(plan.manualSteps == 1 ? "it" : "them") for every cohort.")
        }
        return risks
    }

    /// A quarantined segment cannot follow the fleet until it is released; held-back chargers wait on `from`.
    static func segmentRisks(quarantined: [SegmentLine], held: [HeldLine], from: String) -> [String] {
        var risks = quarantined.filter { $0.released == nil }.map {
            "Segment \($0.segment) is quarantined (\($0.detail)): its \(ReportFormat.plural($0.chargers, "charger")) stay on \(from) and out of every wave until someone finds the cause and releases it."
        }
        if !held.isEmpty {
            risks.append("\(ReportFormat.plural(held.count, "charger")) failed the preflight on \(from) and wait there: unhealthy before the move, they need field work before they can follow.")
        }
        return risks
    }
}
