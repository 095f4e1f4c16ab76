import Foundation

/// UTC times as text without a formatter.
enum ISOTimeText {
    static func format(seconds: Int64) -> String {
        let days = SampleWriter.floorDiv(seconds, 86_400)
        let secs = Int(seconds - days * 86_400)
        let (y, m, d) = civil(days: Int(days))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, secs / 3600, secs / 60 % 60, secs % 60)
    }

    /// `YYYY-MM-DD` of a day count since 1970.
    static func day(_ days: Int64) -> String {
        let (y, m, d) = civil(days: Int(days))
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// The day count since 1970 of `YYYY-MM-DD`, or nil.
    static func day(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= SampleTimeParsing.daysIn(month: m, year: y) else { return nil }
        return Int64(SampleTimeParsing.daysFromCivil(year: y, month: m, day: d))
    }

    /// The proleptic Gregorian date of a day count since 1970 (Howard Hinnant's algorithm).
    static func civil(days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
