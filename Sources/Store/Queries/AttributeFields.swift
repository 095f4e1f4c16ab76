/// The fields of a charger's attributes text as byte ranges, for reads that need a few attributes of many chargers
/// and no dictionary per charger (`fleetCounts`). Only the plainest texts are read here: a flat object of strings
/// without escapes, whose keys are ASCII and distinct (then bytes compare as `String`s do); anything else is
/// left to `AttributesText.decode`, so the result is the same.
struct AttributeFields {
    private(set) var keys: [Range<Int>] = []
    private(set) var values: [Range<Int>] = []

    /// Reads `b`; false (and the fields undefined) when the text is not of the plain kind.
    mutating func scan(_ b: UnsafeRawBufferPointer) -> Bool {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        let n = b.count
        var i = 0
        func string(ascii: Bool) -> Range<Int>? {
            guard i < n, b[i] == 34 else { return nil }
            i += 1
            let start = i
            while i < n, b[i] != 34 {
                if b[i] == 92 || b[i] < 32 || (ascii && b[i] >= 128) { return nil }
                i += 1
            }
            guard i < n else { return nil }
            i += 1
            return start..<(i - 1)
        }
        guard n >= 2, b[0] == 123 else { return false }
        i = 1
        if b[i] == 125 { return i + 1 == n }
        while true {
            guard let key = string(ascii: true), i < n, b[i] == 58 else { return false }
            i += 1
            guard let value = string(ascii: false), i < n else { return false }
            for other in keys where other.count == key.count && Self.equal(b, other, key) { return false }
            keys.append(key)
            values.append(value)
            if b[i] == 44 { i += 1; continue }
            return b[i] == 125 && i + 1 == n
        }
    }

    /// The value of the field named `name` (its UTF-8), if the text has one.
    func value(named name: [UInt8], in b: UnsafeRawBufferPointer) -> Range<Int>? {
        for (k, key) in keys.enumerated() where key.count == name.count {
            var same = true
            for (j, byte) in name.enumerated() where b[key.lowerBound + j] != byte { same = false; break }
            if same { return values[k] }
        }
        return nil
    }

    private static func equal(_ b: UnsafeRawBufferPointer, _ x: Range<Int>, _ y: Range<Int>) -> Bool {
        for j in 0..<x.count where b[x.lowerBound + j] != b[y.lowerBound + j] { return false }
        return true
    }
}
