import Foundation
import Gates
import Playbook

/// The sample totals of a phase's metric gates, read together: one read per window for the group (every gate that
/// judges the whole group, not `by:` segments) and one per window and `compare_to` backend, over the union of their
/// sample names. A store that keeps a charger's day in one row reads it once for all the gates; each metric is still
/// added up on its own, so every gate gets the totals a read of its own would give.
struct SharedSampleTotals {
    struct Key: Hashable {
        var start: Date
        var end: Date
        /// The `compare_to` backend, or nil for the group.
        var control: String?
    }

    private(set) var names: [Key: [String]] = [:]
    private var totals: [Key: SampleTotals] = [:]

    /// Nothing read: every gate reads its own totals.
    init() {}

    /// The reads the phase's sample-based metric gates need (Prometheus metrics and `by:` gates read on their own).
    init(phase: Phase, playbook: Playbook, now: Date, enteredAt: Date) {
        var wanted: [Key: Set<String>] = [:]
        for gate in phase.gates {
            guard case let .metric(g) = gate.kind, g.by == nil, let definition = playbook.metric(named: g.metric) else { continue }
            if case .prometheus = definition.form { continue }
            let window = g.window(now: now, enteredAt: enteredAt)
            let sampleNames = definition.form.sampleNames
            wanted[Key(start: window.start, end: window.end, control: nil), default: []].formUnion(sampleNames)
            if let backend = g.compareTo {
                wanted[Key(start: window.start, end: window.end, control: backend), default: []].formUnion(sampleNames)
            }
        }
        names = wanted.mapValues { $0.sorted() }
    }

    /// Reads every total once: the group's, and each `compare_to` backend's (`control` gives its chargers), which
    /// other cohorts judged at the same instant share through `reads`. The groups of one window are asked together,
    /// so that a store reads the rows they share once (a pilot, and the rest of the fleet as its control group).
    mutating func read(_ samples: any SampleSource, group: [String], control: (String) throws -> [String], reads: GateReads,
                       from: String) throws {
        let ordered = names.sorted(by: { ($0.key.start, $0.key.end, $0.key.control ?? "") < ($1.key.start, $1.key.end, $1.key.control ?? "") })
        var index = ordered.startIndex
        while index < ordered.endIndex {
            let start = ordered[index].key.start, end = ordered[index].key.end
            var asked: [(key: Key, shared: GateReads.TotalsKey?)] = []
            var groups: [SampleTotalsRequest] = []
            while index < ordered.endIndex, ordered[index].key.start == start, ordered[index].key.end == end {
                let (key, names) = ordered[index]
                index += 1
                guard let backend = key.control else {
                    asked.append((key, nil))
                    groups.append(SampleTotalsRequest(names: names, chargers: group))
                    continue
                }
                let controlKey = GateReads.ControlKey(backend: backend, includeUnrouted: backend == from)
                let shared = GateReads.TotalsKey(control: controlKey, start: start, end: end, names: names)
                if let known = reads.totals(shared) {
                    totals[key] = known
                    continue
                }
                asked.append((key, shared))
                groups.append(SampleTotalsRequest(names: names, chargers: try control(backend)))
            }
            guard !groups.isEmpty else { continue }
            let answers = try samples.totals(groups, window: EvidenceWindow(start: start, end: end))
            for (ask, answer) in zip(asked, answers) {
                totals[ask.key] = answer
                if let shared = ask.shared { reads.remember(answer, for: shared) }
            }
        }
    }

    /// The totals of `names` over `window` for the group (`control` nil) or a `compare_to` backend, when read.
    func totals(_ names: [String], window: EvidenceWindow, control: String?) -> SampleTotals? {
        guard let all = totals[Key(start: window.start, end: window.end, control: control)] else { return nil }
        var result = SampleTotals()
        for name in names {
            result.sums[name] = all.sums[name]
            result.counts[name] = all.counts[name]
        }
        return result
    }
}
