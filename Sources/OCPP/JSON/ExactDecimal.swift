/// A decimal number held exactly: `significand × 10^exponent`.
///
/// Meter registers come as decimal text ("2095.014" kWh); in binary floating point 2095.014 × 1000 is not
/// 2095014, which would flag a clean transaction. Here ×1000 is `exponent + 3`, and comparison is exact.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    public private(set) var significand: Int64
    public private(set) var exponent: Int

    /// Normalised (no trailing zeros in the significand), so equal values have equal representations.
    public init(significand: Int64, exponent: Int = 0) {
        var s = significand, e = exponent
        if s == 0 { e = 0 } else { while s % 10 == 0 { s /= 10; e += 1 } }
        self.significand = s
        self.exponent = e
    }

    /// Parses JSON-number syntax (`-12.50`, `3e2`, also a leading `+`); nil for anything else or more than 18
    /// significant digits.
    public init?(parsing b: UnsafeBufferPointer<UInt8>) {
        var k = 0
        var negative = false
        if k < b.count, b[k] == UInt8(ascii: "-") { negative = true; k += 1 }
        else if k < b.count, b[k] == UInt8(ascii: "+") { k += 1 }
        var s: Int64 = 0, e = 0, digits = 0, sawDigit = false
        func isDigit(_ x: UInt8) -> Bool { x >= 0x30 && x <= 0x39 }
        while k < b.count, isDigit(b[k]) {
            sawDigit = true
            if s != 0 || b[k] != 0x30 { digits += 1 }
            if digits > 18 { return nil }
            s = s * 10 + Int64(b[k] - 0x30); k += 1
        }
        if k < b.count, b[k] == UInt8(ascii: ".") {
            k += 1
            var fraction = false
            while k < b.count, isDigit(b[k]) {
                fraction = true
                if s != 0 || b[k] != 0x30 { digits += 1 }
                if digits > 18 { return nil }
                s = s * 10 + Int64(b[k] - 0x30); e -= 1; k += 1
            }
            if !fraction || !sawDigit { return nil }  // digits on both sides of the point, as in JSON
        }
        guard sawDigit else { return nil }
        if k < b.count, b[k] == UInt8(ascii: "e") || b[k] == UInt8(ascii: "E") {
            k += 1
            var expNegative = false
            if k < b.count, b[k] == UInt8(ascii: "-") || b[k] == UInt8(ascii: "+") { expNegative = b[k] == UInt8(ascii: "-"); k += 1 }
            var x = 0, any = false
            while k < b.count, isDigit(b[k]) {
                any = true
                x = x * 10 + Int(b[k] - 0x30); k += 1
                if x > 10_000 { return nil }
            }
            guard any else { return nil }
            e += expNegative ? -x : x
        }
        guard k == b.count else { return nil }
        self.init(significand: negative ? -s : s, exponent: e)
    }

    /// Parses decimal text such as `2095.014`.
    public init?(_ text: String) {
        var t = text
        guard let value = t.withUTF8({ ExactDecimal(parsing: $0) }) else { return nil }
        self = value
    }

    /// The same value × 10^n (kWh → Wh is `scaled(by: 3)`).
    public func scaled(by n: Int) -> ExactDecimal { ExactDecimal(significand: significand, exponent: exponent + n) }

    /// `self − other`, exact; nil if the result does not fit in 18 digits.
    public func subtracting(_ other: ExactDecimal) -> ExactDecimal? {
        let e = min(exponent, other.exponent)
        guard let a = Self.widen(significand, by: exponent - e), let b = Self.widen(other.significand, by: other.exponent - e) else { return nil }
        let (d, o) = a.subtractingReportingOverflow(b)
        return o ? nil : ExactDecimal(significand: d, exponent: e)
    }

    private static func widen(_ s: Int64, by n: Int) -> Int64? {
        var v = s
        for _ in 0..<n {
            let (m, o) = v.multipliedReportingOverflow(by: 10)
            if o { return nil }
            v = m
        }
        return v
    }

    public static func < (a: ExactDecimal, b: ExactDecimal) -> Bool {
        if a.significand.signum() != b.significand.signum() { return a.significand.signum() < b.significand.signum() }
        if a.significand == 0 { return false }
        // Same sign, non-zero: compare magnitudes by order of magnitude first, then digits aligned.
        let negative = a.significand < 0
        let ma = a.significand.magnitude, mb = b.significand.magnitude
        let oa = a.exponent + Self.digitCount(ma), ob = b.exponent + Self.digitCount(mb)
        let lessMagnitude: Bool
        if oa != ob {
            lessMagnitude = oa < ob
        } else {
            // Same order: scale the one with fewer digits so both have the same exponent (at most 18 more digits).
            let e = min(a.exponent, b.exponent)
            let (ha, la) = Self.scale(ma, by: a.exponent - e), (hb, lb) = Self.scale(mb, by: b.exponent - e)
            lessMagnitude = ha != hb ? ha < hb : la < lb
        }
        return negative ? (!lessMagnitude && a != b) : lessMagnitude
    }

    private static func digitCount(_ v: UInt64) -> Int {
        var n = 1, x = v
        while x >= 10 { x /= 10; n += 1 }
        return n
    }

    /// `v × 10^n` as a 128-bit (high, low) pair; n ≤ 19 here.
    private static func scale(_ v: UInt64, by n: Int) -> (UInt64, UInt64) {
        var power: UInt64 = 1
        for _ in 0..<n { power &*= 10 }
        let r = v.multipliedFullWidth(by: power)
        return (r.high, r.low)
    }

    public var description: String {
        if exponent >= 0 { return String(significand) + String(repeating: "0", count: exponent) }
        let digits = String(significand.magnitude)
        let sign = significand < 0 ? "-" : ""
        let places = -exponent
        if digits.count > places {
            return sign + digits.dropLast(places) + "." + digits.suffix(places)
        }
        return sign + "0." + String(repeating: "0", count: places - digits.count) + digits
    }

    /// The nearest `Double` (through the decimal text, so it is correctly rounded).
    public var doubleValue: Double { Double(description) ?? Double(significand) }
}
