import Engine

/// Decodes chargers' attribute texts, each distinct text once. A fleet has few distinct combinations of model, site
/// and region (hundreds for 100,000 chargers), so a read of the whole fleet or a large cohort parses each once and
/// its chargers share one dictionary (copy on write) instead of each building its own. At most `limit` texts are
/// remembered; once they are all taken and fewer than one text in four was found among them (a fleet whose every
/// charger differs: 99,707 distinct texts among 100,000 chargers in one), the memo stops looking, so such a fleet
/// costs no hash of every text on top of its parse.
package struct AttributesMemo {
    private var known: [String: [String: String]] = [:]
    private let limit: Int
    private var hits = 0
    private var misses = 0
    private var fields = AttributeFields()
    private var texts = TextCache()

    package init(limit: Int = 4096) {
        self.limit = limit
    }

    /// Whether texts are still looked up (false once the memo is full and has rarely helped).
    package var isLooking: Bool { known.count < limit || hits * 3 >= misses }

    package mutating func decode(_ text: String) throws -> [String: String] {
        guard isLooking else { return try fresh(text) }
        if let hit = known[text] { hits += 1; return hit }
        misses += 1
        let value = try fresh(text)
        if known.count < limit { known[text] = value }
        return value
    }

    /// `decode` of a text given as its UTF-8 bytes (a column of SQLite's): no `String` of it once the memo has
    /// stopped looking.
    package mutating func decode(bytes: UnsafeRawBufferPointer) throws -> [String: String] {
        if isLooking { return try decode(String(decoding: bytes, as: UTF8.self)) }
        return try fresh(bytes.assumingMemoryBound(to: UInt8.self)) ?? AttributesText.decode(String(decoding: bytes, as: UTF8.self))
    }

    /// A text not remembered: a plain one (`AttributeFields`) from its bytes, its keys and values shared with the
    /// chargers' before (`TextCache`); any other through `AttributesText`.
    private mutating func fresh(_ text: String) throws -> [String: String] {
        var bytes = text
        return try bytes.withUTF8 { fresh($0) } ?? AttributesText.decode(text)
    }

    /// A plain text's attributes from its bytes, or nil when it is not plain.
    private mutating func fresh(_ b: UnsafeBufferPointer<UInt8>) -> [String: String]? {
        guard fields.scan(UnsafeRawBufferPointer(b)) else { return nil }
        var out = [String: String](minimumCapacity: fields.keys.count)
        for (key, value) in zip(fields.keys, fields.values) {
            out[texts.text(UnsafeBufferPointer(rebasing: b[key]))] = texts.text(UnsafeBufferPointer(rebasing: b[value]))
        }
        return out
    }
}
