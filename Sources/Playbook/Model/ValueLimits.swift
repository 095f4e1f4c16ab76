/// The documented range of every number a playbook holds, checked by validation and stated in the JSON Schema.
///
/// The ranges are far beyond any real migration and small enough that every sum, product and
/// conversion the engine does with them (a soak added to a date, a timeout in nanoseconds, a window
/// in days) is exact and cannot overflow. docs/limits.md lists them with what happens past them.
public enum ValueLimits {
    /// Soak, metric windows and `wait` steps: at most 3650 days (about ten years).
    public static let longestDuration = PlaybookDuration(seconds: 3_650 * 86_400)
    /// Webhook and `run` timeouts: at most one day.
    public static let longestTimeout = PlaybookDuration(seconds: 86_400)
    /// Webhook retries: 0 to 100.
    public static let retries = 0...100
    /// `min_samples`, `max_open`, `min_each`: at most a billion.
    public static let largestCount = 1_000_000_000
    /// Thresholds (`at_least`, `at_most`) and `max_drop`: magnitude at most 10^15, so that
    /// differences and comparisons with measured values stay exact enough to judge.
    public static let largestMagnitude = 1e15
    /// Names a person reads in tables and reports: phases, backends, roles, metrics, attributes.
    public static let longestName = 100
    /// Free text: description, manual steps, header values, templates.
    public static let longestText = 4_096

    /// Each unit's largest count within `longest`, e.g. `3650` for days within ten years.
    public static func largestCount(of unit: PlaybookDuration.Unit, within longest: PlaybookDuration) -> Int64 {
        longest.seconds / unit.seconds
    }
}
