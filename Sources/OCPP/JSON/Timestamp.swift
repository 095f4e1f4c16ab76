/// Instants as microseconds since 1970-01-01T00:00:00Z (the sample store's precision), parsed from and
/// formatted as ISO 8601 / RFC 3339 text without Foundation.
public enum Timestamp {
    public static let microsPerSecond: Int64 = 1_000_000
    public static let microsPerDay: Int64 = 86_400_000_000

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`. With `requireZone` false, a missing zone means UTC
    /// (some chargers send it so). Digits past the microsecond are dropped. Nil for anything else.
    public static func parse(_ b: UnsafeBufferPointer<UInt8>, requireZone: Bool = true) -> Int64? {
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= b.count else { return nil }
            var v = 0
            for k in at..<(at + n) {
                let d = b[k]
                guard d >= 0x30 && d <= 0x39 else { return nil }
                v = v * 10 + Int(d - 0x30)
            }
            return v
        }
        guard b.count >= 19, let year = digits(0, 4), b[4] == UInt8(ascii: "-"), let month = digits(5, 2), b[7] == UInt8(ascii: "-"),
              let day = digits(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              let hour = digits(11, 2), b[13] == UInt8(ascii: ":"), let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
              let second = digits(17, 2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60, second < 60 else { return nil }
        var k = 19
        var micros: Int64 = 0
        if k < b.count, b[k] == UInt8(ascii: ".") {
            k += 1
            var scale: Int64 = 100_000
            let first = k
            while k < b.count, b[k] >= 0x30, b[k] <= 0x39 {
                micros += Int64(b[k] - 0x30) * scale
                scale /= 10
                k += 1
            }
            if k == first { return nil }
        }
        var offsetSeconds = 0
        if k == b.count {
            if requireZone { return nil }
        } else if b[k] == UInt8(ascii: "Z") || b[k] == UInt8(ascii: "z") {
            k += 1
        } else if b[k] == UInt8(ascii: "+") || b[k] == UInt8(ascii: "-") {
            guard let oh = digits(k + 1, 2), k + 3 < b.count, b[k + 3] == UInt8(ascii: ":"), let om = digits(k + 4, 2), oh < 24, om < 60 else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (b[k] == UInt8(ascii: "+") ? 1 : -1)
            k += 6
        } else {
            return nil
        }
        guard k == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return seconds * microsPerSecond + micros
    }

    /// `2026-09-01T00:38:06.131Z` (milliseconds shown; microseconds too when there are any).
    public static func format(_ micros: Int64) -> String {
        let day = floorDiv(micros, microsPerDay)
        let inDay = micros - day * microsPerDay
        let (y, m, d) = civil(fromDays: day)
        let s = inDay / microsPerSecond, us = inDay % microsPerSecond
        let fraction = us % 1000 == 0 ? "." + pad(Int(us / 1000), 3) : "." + pad(Int(us), 6)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(Int(s / 3600), 2)):\(pad(Int(s / 60 % 60), 2)):\(pad(Int(s % 60), 2))\(fraction)Z"
    }

    /// The UTC day of an instant, as days since 1970-01-01.
    public static func day(_ micros: Int64) -> Int64 { floorDiv(micros, microsPerDay) }

    /// `2026-09-01` for a day number.
    public static func dayText(_ day: Int64) -> String {
        let (y, m, d) = civil(fromDays: day)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    public static func parse(_ text: String, requireZone: Bool = true) -> Int64? {
        var t = text
        return t.withUTF8 { parse($0, requireZone: requireZone) }
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    private static func pad(_ v: Int, _ n: Int) -> String {
        let s = String(v)
        return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
