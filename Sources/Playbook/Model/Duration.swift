/// A playbook duration: a whole number and a unit, `s`, `m`, `h`, `d` or `w` (`90m`, `14d`).
public struct PlaybookDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public static func days(_ n: Int64) -> PlaybookDuration { .init(seconds: n * 86_400) }
    public static func hours(_ n: Int64) -> PlaybookDuration { .init(seconds: n * 3_600) }

    /// Parses `90m`, `14d`, `2w`, `30s`, `6h`. Returns nil for anything else.
    public init?(parsing text: String) {
        guard let unit = text.last, text.count >= 2 else { return nil }
        let digits = text.dropLast()
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int64(digits) else { return nil }
        guard let unit = Unit(rawValue: unit) else { return nil }
        let (product, overflow) = n.multipliedReportingOverflow(by: unit.seconds)
        guard !overflow else { return nil }
        self.seconds = product
    }

    public var timeInterval: Double { Double(seconds) }

    /// The units a duration is written in, with their length in seconds.
    public enum Unit: Character, CaseIterable, Sendable {
        case s = "s", m = "m", h = "h", d = "d", w = "w"

        public var seconds: Int64 {
            switch self {
            case .s: 1
            case .m: 60
            case .h: 3_600
            case .d: 86_400
            case .w: 604_800
            }
        }
    }

    /// The shortest exact spelling in days, hours, minutes or seconds: `14d`, `90m`.
    public var description: String {
        for (unit, factor) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60)] where seconds != 0 && seconds % factor == 0 {
            return "\(seconds / factor)\(unit)"
        }
        return "\(seconds)s"
    }

    public static func < (a: PlaybookDuration, b: PlaybookDuration) -> Bool { a.seconds < b.seconds }
}

/// A percentage in 0...100, written `25%`.
public struct Percentage: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 0...100
    public var value: Double

    public init(_ value: Double) { self.value = value }

    /// Parses `25%` or `12.5%`. Does not check the range; the validator does.
    public init?(parsing text: String) {
        guard text.hasSuffix("%"), let v = Double(text.dropLast()), v.isFinite else { return nil }
        self.value = v
    }

    public var fraction: Double { value / 100 }

    public var description: String {
        value.rounded() == value ? "\(Int(value))%" : "\(value)%"
    }

    public static func < (a: Percentage, b: Percentage) -> Bool { a.value < b.value }
}
