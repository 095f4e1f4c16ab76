/// Sample times, parsed by hand from bytes (no formatter per row): ISO 8601 with `Z` or an offset and an
/// optional fraction, or Unix seconds (integer or decimal). The result is microseconds since 1970 UTC;
/// digits after the sixth of a fraction are dropped.
enum SampleTimeParsing {
    static let microsPerSecond: Int64 = 1_000_000

    /// Microseconds since 1970, or why the bytes are not a time.
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Result<Int64, TimeProblem> {
        if b.isEmpty { return .failure(.empty) }
        if b.allSatisfy({ isDigit($0) || $0 == UInt8(ascii: ".") }) { return unixSeconds(b) }
        return iso8601(b)
    }

    enum TimeProblem: Error {
        case empty, notATime, noZone, outOfRange(String)
        var text: String {
            switch self {
            case .empty: "is empty"
            case .notATime: "is not an ISO 8601 time (2026-11-16T09:00:00Z) or Unix seconds"
            case .noZone: "has no time zone (end it with Z or an offset such as +01:00)"
            case let .outOfRange(what): "has \(what) out of range"
            }
        }
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }

    static func unixSeconds(_ b: UnsafeBufferPointer<UInt8>) -> Result<Int64, TimeProblem> {
        var i = 0, seconds: Int64 = 0, digits = 0
        while i < b.count, isDigit(b[i]) {
            seconds = seconds * 10 + Int64(b[i] - 48); digits += 1; i += 1
            if digits > 12 { return .failure(.outOfRange("the seconds")) }
        }
        if digits == 0 { return .failure(.notATime) }
        var micros: Int64 = 0
        if i < b.count {
            guard b[i] == UInt8(ascii: "."), i + 1 < b.count else { return .failure(.notATime) }
            i += 1
            var scale: Int64 = 100_000
            while i < b.count {
                guard isDigit(b[i]) else { return .failure(.notATime) }
                micros += Int64(b[i] - 48) * scale; scale /= 10; i += 1
            }
        }
        return .success(seconds * microsPerSecond + micros)
    }

    static func iso8601(_ b: UnsafeBufferPointer<UInt8>) -> Result<Int64, TimeProblem> {
        // YYYY-MM-DD[T ]HH:MM:SS[.f...](Z|±HH:MM|±HHMM)
        guard b.count >= 19 else { return .failure(b.count == 10 ? .noZone : .notATime) }
        func num(_ at: Int, _ n: Int) -> Int? {
            var v = 0
            for k in at..<(at + n) { guard isDigit(b[k]) else { return nil }; v = v * 10 + Int(b[k] - 48) }
            return v
        }
        guard let year = num(0, 4), b[4] == UInt8(ascii: "-"), let month = num(5, 2), b[7] == UInt8(ascii: "-"),
              let day = num(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              let hour = num(11, 2), b[13] == UInt8(ascii: ":"), let minute = num(14, 2), b[16] == UInt8(ascii: ":"),
              let second = num(17, 2)
        else { return .failure(.notATime) }
        guard (1...12).contains(month) else { return .failure(.outOfRange("the month")) }
        guard day >= 1, day <= daysIn(month: month, year: year) else { return .failure(.outOfRange("the day")) }
        guard hour < 24 else { return .failure(.outOfRange("the hour")) }
        guard minute < 60 else { return .failure(.outOfRange("the minute")) }
        guard second < 60 else { return .failure(.outOfRange("the second")) }
        var i = 19
        var micros: Int64 = 0
        if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
            i += 1
            var scale: Int64 = 100_000, digits = 0
            while i < b.count, isDigit(b[i]) {
                micros += Int64(b[i] - 48) * scale; scale /= 10; i += 1; digits += 1
            }
            if digits == 0 { return .failure(.notATime) }
        }
        guard i < b.count else { return .failure(.noZone) }
        var offsetSeconds = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard i + 2 <= b.count, let oh = num(i, 2) else { return .failure(.notATime) }
            i += 2
            if i < b.count, b[i] == UInt8(ascii: ":") { i += 1 }
            guard i + 2 <= b.count, let om = num(i, 2) else { return .failure(.notATime) }
            i += 2
            guard oh < 24, om < 60 else { return .failure(.outOfRange("the offset")) }
            offsetSeconds = sign * (oh * 3600 + om * 60)
        default:
            return .failure(.notATime)
        }
        guard i == b.count else { return .failure(.notATime) }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return .success(seconds * microsPerSecond + micros)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
