import Foundation

/// ISO 8601 in UTC, to the second (`2026-11-16T09:00:03Z`), in the proleptic Gregorian calendar.
///
/// Every time the tool parses or prints goes through here (the journal, imports, `--now`, reports), so
/// a date means the same day everywhere: `1000-06-01` stays 1000-06-01 (Foundation's formatters
/// switch to the Julian calendar before 1582 and would shift it). Times from 0001-01-01T00:00:00Z to
/// 9999-12-31T23:59:59Z are accepted (`range`); anything else is refused, never wrapped or shifted.
public enum ISOTime {
    /// The first and last instant accepted: 0001-01-01T00:00:00Z ... 9999-12-31T23:59:59Z.
    public static let range: ClosedRange<Date> = Date(timeIntervalSince1970: Double(firstSecond))...Date(timeIntervalSince1970: Double(lastSecond))
    static let firstSecond: Int64 = CivilDate.daysSinceEpoch(year: 1, month: 1, day: 1) * 86_400
    static let lastSecond: Int64 = CivilDate.daysSinceEpoch(year: 9999, month: 12, day: 31) * 86_400 + 86_399

    /// `date` (rounded down to the second) as `YYYY-MM-DDTHH:MM:SSZ`. A time outside `range` (which no
    /// parser here accepts, but a number of seconds can be) is printed as it is, in ISO 8601's expanded
    /// form (`+33658-09-27T01:46:39Z`, `-0001-12-31T00:00:00Z`), never clamped or wrapped; past about
    /// 30 million years (or not a number) it is printed as the nearest such bound.
    public static func format(_ date: Date) -> String {
        let raw = date.timeIntervalSince1970
        let t: Int64 = raw.isFinite ? Int64(min(max(raw.rounded(.down), -1e15), 1e15)) : 0
        let days = floorDiv(t, 86_400)
        let secondOfDay = t - days * 86_400
        let (y, m, d) = CivilDate.civil(daysSinceEpoch: days)
        let year = y < 0 ? "-" + pad(-y, 4) : y > 9999 ? "+" + String(y) : pad(y, 4)
        return year + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(secondOfDay / 3_600, 2) + ":"
            + pad(secondOfDay % 3_600 / 60, 2) + ":" + pad(secondOfDay % 60, 2) + "Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)`, or a date alone (midnight UTC).
    /// Nil for anything else, for impossible dates (02-30, 24:00) and outside `range`.
    public static func parse(_ text: String) -> Date? {
        // Stored times never carry blanks: trim (through Foundation, microseconds a call) only when there are some.
        let trimmed = text.first?.isWhitespace == true || text.last?.isWhitespace == true
            ? text.trimmingCharacters(in: .whitespaces) : text
        guard let parts = ISOTimeText(trimmed) else { return nil }
        guard let days = CivilDate.checkedDays(year: parts.year, month: parts.month, day: parts.day) else { return nil }
        let seconds = days * 86_400 + Int64(parts.hour * 3_600 + parts.minute * 60 + parts.second) - Int64(parts.offsetSeconds)
        guard (firstSecond...lastSecond).contains(seconds) else { return nil }
        return Date(timeIntervalSince1970: Double(seconds) + parts.fraction)
    }

    /// `date` rounded down to the second, as the journal stores it.
    public static func truncate(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    private static func pad(_ n: Int64, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}
