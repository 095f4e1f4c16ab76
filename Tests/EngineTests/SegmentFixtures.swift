import Engine
import Foundation
import Gates
import Playbook

/// A mixed fleet: models A, B, C and firmware 1.0, 2.0, at sites s1 and s2.
func mixedFleet(_ n: Int) -> [Charger] {
    (0..<n).map {
        Charger(id: String(format: "CP-%03d", $0),
                attributes: ["model": ["A", "B", "C"][$0 % 3], "firmware": $0 % 4 < 2 ? "1.0" : "2.0", "site": $0 % 2 == 0 ? "s1" : "s2"])
    }
}

let segmentPlaybook = """
playbook: segments
version: 1
backends:
  legacy: wss://legacy.example/ocpp
  target: wss://target.example/ocpp
from: legacy
to: target
metrics:
  success: { ratio: [session.started, session.attempted] }
  drops: { per_charger_day: connection.dropped }
phases:
  - name: pilot
    scope: { share: 50% }
    preflight:
      lookback: 7d
      seen_within: 1d
      metrics:
        - metric: drops
          at_most: 1
    gates:
      - metric: success
        at_least: 0.9
        min_samples: 10
        by: model
        on_fail: quarantine
      - metric: success
        at_least: 0.5
        by: firmware
        on_fail: quarantine
  - name: wave
    scope: all
    gates:
      - metric: success
        at_least: 0.9
        by: model
        on_fail: quarantine
  - name: fleet
    scope: all
plans:
  rollback:
    - route: legacy
"""

/// A report of the pilot's two `by:` gates with these segment verdicts (`model` and `firmware` values → verdict).
func segmentReport(phase: String = "pilot", model: [String: Verdict], firmware: [String: Verdict] = [:]) -> GateReport {
    func gate(_ by: String, _ verdicts: [String: Verdict]) -> GateResult {
        let segments = verdicts.keys.sorted().map { v in
            SegmentResult(segment: v, result: verdicts[v]!, value: verdicts[v] == .fail ? 0.2 : 0.99, samples: 100, chargers: 2,
                          detail: "success \(verdicts[v] == .fail ? "0.2 < 0.9" : "0.99 >= 0.9")")
        }
        return GateResult(kind: "metric", name: "success", result: Verdict.combine(segments.map(\.result)), detail: "by \(by)",
                          by: by, segments: segments)
    }
    var gates = [gate("model", model)]
    if phase == "pilot" { gates.append(gate("firmware", firmware)) }
    return GateReport(cohort: "north", phase: phase, evaluatedAt: t0, gates: gates)
}

/// A preflight report in which every candidate but `unhealthy` is healthy.
func preflight(_ candidates: [String], unhealthy: Set<String>, phase: String = "pilot") -> PreflightReport {
    PreflightReport(phase: phase, window: EvidenceWindow(start: t0.addingTimeInterval(-7 * 86_400), end: t0),
                    chargers: candidates.map { ChargerHealth(charger: $0, healthy: !unhealthy.contains($0),
                                                              reasons: unhealthy.contains($0) ? ["drops 3 > 1 per charger day over 7d"] : []) })
}
