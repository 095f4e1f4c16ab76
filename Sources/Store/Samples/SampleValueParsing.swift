/// Sample values, parsed by hand from bytes: a fast exact path for plain decimals, the standard
/// library for the rest. NaN, infinities and negative values are refused.
enum SampleValueParsing {
    enum ValueProblem: Error {
        case empty, notANumber, notFinite, negative
        var text: String {
            switch self {
            case .empty: "is empty"
            case .notANumber: "is not a number"
            case .notFinite: "is not a finite number (NaN and infinities are refused)"
            case .negative: "is negative (sample values are counts and measurements, never below 0)"
            }
        }
    }

    private static let powers: [Double] = (0...22).map { p in (0..<p).reduce(1.0) { a, _ in a * 10 } }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Result<Double, ValueProblem> {
        if b.isEmpty { return .failure(.empty) }
        if let v = fast(b) { return v < 0 ? .failure(.negative) : .success(v + 0) }
        let text = String(decoding: b, as: UTF8.self)
        // Double(String) accepts hexadecimal floats; samples are decimal only.
        guard !text.lowercased().contains("x"), let v = Double(text) else { return .failure(.notANumber) }
        if !v.isFinite { return .failure(.notFinite) }
        if v < 0 { return .failure(.negative) }
        return .success(v + 0)
    }

    /// `-?digits(.digits)?` with at most 15 significant digits: exact as mantissa ÷ 10^k.
    @inline(__always) static func fast(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        var negative = false
        if b[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        var mantissa: UInt64 = 0, digits = 0, fraction = 0
        var sawDigit = false
        while i < b.count, b[i] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(b[i] - 48); digits += 1; i += 1; sawDigit = true
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, b[i] &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(b[i] - 48); digits += 1; fraction += 1; i += 1; sawDigit = true
            }
        }
        guard sawDigit, i == b.count, digits <= 15 else { return nil }
        let v = Double(mantissa) / powers[fraction]
        return negative ? -v : v
    }
}
