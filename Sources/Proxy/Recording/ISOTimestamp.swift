/// `2026-09-01T00:38:06.131Z` from milliseconds since 1970, without Foundation's formatters (which are
/// slow and not meant for every relayed frame).
enum ISOTimestamp {
    static func append(millis: Int64, to out: inout [UInt8]) {
        let msPerDay: Int64 = 86_400_000
        var days = millis / msPerDay
        var inDay = millis % msPerDay
        if inDay < 0 { inDay += msPerDay; days -= 1 }
        let (y, m, d) = civil(fromDays: days)
        let h = Int(inDay / 3_600_000), min = Int(inDay / 60_000 % 60), s = Int(inDay / 1000 % 60), ms = Int(inDay % 1000)
        digits(y, 4, &out); out.append(UInt8(ascii: "-"))
        digits(m, 2, &out); out.append(UInt8(ascii: "-"))
        digits(d, 2, &out); out.append(UInt8(ascii: "T"))
        digits(h, 2, &out); out.append(UInt8(ascii: ":"))
        digits(min, 2, &out); out.append(UInt8(ascii: ":"))
        digits(s, 2, &out); out.append(UInt8(ascii: "."))
        digits(ms, 3, &out); out.append(UInt8(ascii: "Z"))
    }

    static func string(millis: Int64) -> String {
        var out: [UInt8] = []
        append(millis: millis, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The UTC day number (days since 1970-01-01) of `millis`.
    static func day(millis: Int64) -> Int64 {
        millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
    }

    private static func digits(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
        var buffer = [UInt8](repeating: UInt8(ascii: "0"), count: width)
        var v = value
        var i = width - 1
        while i >= 0 && v > 0 {
            buffer[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            i -= 1
        }
        out.append(contentsOf: buffer)
    }

    /// Howard Hinnant's `civil_from_days`.
    static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }
}
