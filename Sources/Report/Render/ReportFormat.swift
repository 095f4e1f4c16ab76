import Engine
import Foundation
import Gates

/// How the report writes numbers, times and evidence: the same way `migrate gates` does, so they can be compared.
public enum ReportFormat {
    /// Integers without a fraction, others with up to 4 decimals.
    public static func number(_ x: Double?) -> String { x.map(formatNumber) ?? "-" }

    public static func time(_ date: Date?) -> String { date.map(ISOTime.format) ?? "-" }

    /// `2026-11-30`.
    public static func day(_ date: Date) -> String { String(ISOTime.format(date).prefix(10)) }

    /// A gate's value: durations for soak, numbers otherwise.
    public static func value(_ g: GateResult) -> String {
        guard let v = g.value else { return "-" }
        return g.kind == "soak" ? formatSeconds(v) : number(v)
    }

    public static func threshold(_ g: GateResult) -> String {
        guard let t = g.threshold else { return "-" }
        return g.kind == "soak" ? formatSeconds(t) : number(t)
    }

    public static func window(_ w: EvidenceWindow?) -> String {
        guard let w else { return "-" }
        return "\(time(w.start)) – \(time(w.end))"
    }

    /// "pass", "FAIL", "pending": failures shout.
    public static func verdict(_ v: Verdict) -> String { v == .fail ? "FAIL" : v.rawValue }

    public static func plural(_ n: Int, _ one: String, _ many: String? = nil) -> String {
        "\(n) " + (n == 1 ? one : (many ?? one + "s"))
    }
}
