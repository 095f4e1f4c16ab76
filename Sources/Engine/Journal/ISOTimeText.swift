/// The fields of an ISO 8601 time as written, before any calendar arithmetic: a small strict scanner.
struct ISOTimeText {
    var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
    var fraction = 0.0
    var offsetSeconds = 0

    /// `YYYY-MM-DD`, or that followed by `T` (or `t`), `HH:MM:SS`, an optional `.fraction` (up to 9
    /// digits) and `Z`/`z`, `±HH:MM` or `±HHMM`. Nil for anything else.
    init?(_ text: String) {
        var s = Array(text.utf8)[...]
        func number(_ width: Int) -> Int? {
            guard s.count >= width else { return nil }
            var n = 0
            for b in s.prefix(width) {
                guard b >= 0x30, b <= 0x39 else { return nil }
                n = n * 10 + Int(b - 0x30)
            }
            s = s.dropFirst(width)
            return n
        }
        func expect(_ c: UInt8) -> Bool {
            guard s.first == c else { return false }
            s = s.dropFirst()
            return true
        }
        guard let y = number(4), expect(0x2D), let mo = number(2), expect(0x2D), let d = number(2) else { return nil }
        (year, month, day) = (y, mo, d)
        if s.isEmpty { return }
        guard s.first == 0x54 || s.first == 0x74 else { return nil }  // T, t
        s = s.dropFirst()
        guard let h = number(2), expect(0x3A), let mi = number(2), expect(0x3A), let se = number(2),
              h <= 23, mi <= 59, se <= 59 else { return nil }
        (hour, minute, second) = (h, mi, se)
        if expect(0x2E) {  // .
            var digits = 0
            var value = 0.0, scale = 0.1
            while let b = s.first, b >= 0x30, b <= 0x39 {
                digits += 1
                guard digits <= 9 else { return nil }
                value += Double(b - 0x30) * scale
                scale /= 10
                s = s.dropFirst()
            }
            guard digits > 0 else { return nil }
            fraction = value
        }
        if expect(0x5A) || expect(0x7A) {  // Z, z
            guard s.isEmpty else { return nil }
            return
        }
        guard let sign = s.first, sign == 0x2B || sign == 0x2D else { return nil }
        s = s.dropFirst()
        guard let oh = number(2), oh <= 23 else { return nil }
        _ = expect(0x3A)
        guard let om = number(2), om <= 59, s.isEmpty else { return nil }
        offsetSeconds = (sign == 0x2D ? -1 : 1) * (oh * 3_600 + om * 60)
    }
}
