import Foundation

/// An exit criterion of a phase.
public struct Gate: Sendable, Equatable {
    public var kind: GateKind
    public var position: SourcePosition

    public init(_ kind: GateKind, position: SourcePosition = .unknown) {
        self.kind = kind
        self.position = position
    }
}

public enum GateKind: Sendable, Equatable {
    case metric(MetricGate)
    case issues(IssuesGate)
    case approvals(ApprovalsGate)
    case coverage(CoverageGate)
    case calendar(CalendarGate)
    case after(AfterGate)
    /// An external check: an HTTP request or a program (`check: {http: ...}` / `check: {run: [...]}`).
    case check(CheckGate)

    /// The YAML key: `metric`, `issues`, `approvals`, `coverage`, `calendar`, `after`, `check`.
    public var keyword: String {
        switch self {
        case .metric: "metric"
        case .issues: "issues"
        case .approvals: "approvals"
        case .coverage: "coverage"
        case .calendar: "calendar"
        case .after: "after"
        case .check: "check"
        }
    }
}

/// `metric: NAME` with `at_least` or `at_most`.
public struct MetricGate: Sendable, Equatable {
    public enum Bound: Sendable, Equatable {
        case atLeast(Double)
        case atMost(Double)

        public var threshold: Double {
            switch self { case let .atLeast(x), let .atMost(x): x }
        }
    }

    public var metric: String
    public var bound: Bound
    /// Trailing window; nil: since the phase was entered.
    public var window: PlaybookDuration?
    public var minSamples: Int?
    /// A backend whose fleet-wide chargers form the control group.
    public var compareTo: String?
    /// How much worse than the control group the cohort may be.
    public var maxDrop: Double?
    /// A fleet attribute: judge each of its values (a segment) among the group separately; nil: the group as one.
    public var by: String?
    /// What an evaluation does when this gate fails; nil: the phase's `on_fail`.
    public var onFail: GateOnFail?

    public init(metric: String, bound: Bound, window: PlaybookDuration? = nil, minSamples: Int? = nil,
                compareTo: String? = nil, maxDrop: Double? = nil, by: String? = nil, onFail: GateOnFail? = nil) {
        self.metric = metric
        self.bound = bound
        self.window = window
        self.minSamples = minSamples
        self.compareTo = compareTo
        self.maxDrop = maxDrop
        self.by = by
        self.onFail = onFail
    }
}

/// A gate's own `on_fail`: the phase's choices, and `quarantine` (only on a gate with `by`): the chargers of
/// the failing segments go back to `from` and the rest of the cohort carries on.
public enum GateOnFail: String, Sendable, Equatable, CaseIterable {
    case hold, pause, rollback, quarantine
}

/// `issues: {severity: [...], scope: ..., max_open: N}`
public struct IssuesGate: Sendable, Equatable {
    /// Empty: every severity.
    public var severities: [Severity]
    /// nil: any scope.
    public var scope: IssueScope?
    public var maxOpen: Int

    public init(severities: [Severity] = [], scope: IssueScope? = nil, maxOpen: Int = 0) {
        self.severities = severities
        self.scope = scope
        self.maxOpen = maxOpen
    }
}

/// `approvals: {roles: [...], min: N}`
public struct ApprovalsGate: Sendable, Equatable {
    public var roles: [String]
    /// nil: all roles.
    public var min: Int?

    public init(roles: [String], min: Int? = nil) {
        self.roles = roles
        self.min = min
    }

    public var required: Int { min ?? roles.count }
}

/// `coverage: {by: ATTRIBUTE, min_each: N}`
public struct CoverageGate: Sendable, Equatable {
    public var by: String
    public var minEach: Int

    public init(by: String, minEach: Int) {
        self.by = by
        self.minEach = minEach
    }
}

/// `calendar: {days: [...], hours: "HH:MM-HH:MM", timezone: TZ}`
public struct CalendarGate: Sendable, Equatable {
    /// Empty: every day.
    public var days: [Weekday]
    /// Minutes after midnight, start inclusive, end exclusive; nil: all day.
    public var hours: ClosedOpenMinutes?
    /// IANA time zone identifier; default UTC.
    public var timezone: String

    public init(days: [Weekday] = [], hours: ClosedOpenMinutes? = nil, timezone: String = "UTC") {
        self.days = days
        self.hours = hours
        self.timezone = timezone
    }
}

/// `HH:MM-HH:MM` as minutes after midnight.
public struct ClosedOpenMinutes: Sendable, Equatable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Parses `09:00-16:00`. End may be `24:00`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let s = Self.minutes(parts[0]), let e = Self.minutes(parts[1]), s < e else { return nil }
        start = s
        end = e
    }

    private static func minutes(_ hhmm: Substring) -> Int? {
        let p = hhmm.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard p.count == 2, p[0].count == 2, p[1].count == 2, let h = Int(p[0]), let m = Int(p[1]),
              (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 24 * 60 else { return nil }
        return h * 60 + m
    }

    public var description: String {
        func f(_ m: Int) -> String {
            let h = m / 60, mm = m % 60
            return (h < 10 ? "0" : "") + "\(h):" + (mm < 10 ? "0" : "") + "\(mm)"
        }
        return "\(f(start))-\(f(end))"
    }
}

public enum Weekday: String, Sendable, Equatable, CaseIterable {
    case mon, tue, wed, thu, fri, sat, sun

    /// 1 = Sunday ... 7 = Saturday, as Foundation's Calendar numbers weekdays.
    public var gregorianNumber: Int {
        switch self {
        case .sun: 1
        case .mon: 2
        case .tue: 3
        case .wed: 4
        case .thu: 5
        case .fri: 6
        case .sat: 7
        }
    }
}

/// `after: {cohort: NAME, phase: P}` or `after: {cohort: NAME, completed: true}`
public struct AfterGate: Sendable, Equatable {
    public enum Milestone: Sendable, Equatable {
        case phase(String)
        case completed
    }

    public var cohort: String
    public var milestone: Milestone

    public init(cohort: String, milestone: Milestone) {
        self.cohort = cohort
        self.milestone = milestone
    }
}

/// Issue severity, most severe first.
public enum Severity: String, Sendable, Equatable, CaseIterable, Codable, Comparable {
    case critical, high, medium, low

    public static func < (a: Severity, b: Severity) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Whether an issue is a risk of the pilot only or of the whole fleet.
public enum IssueScope: String, Sendable, Equatable, CaseIterable, Codable {
    case pilotSpecific = "pilot-specific"
    case fleetWide = "fleet-wide"
}
