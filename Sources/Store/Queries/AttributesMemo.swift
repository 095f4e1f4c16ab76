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

    /// A text not remembered: a plain one (`AttributeFields`) from its bytes, its keys and values shared with the
    /// chargers' before (`TextCache`); any other through `AttributesText`.
    private mutating func fresh(_ text: String) throws -> [String: String] {
        var bytes = text
        let plain = bytes.withUTF8 { b -> [String: String]? in
            guard fields.scan(UnsafeRawBufferPointer(b)) else { return nil }
            var out = [String: String](minimumCapacity: fields.keys.count)
            for (key, value) in zip(fields.keys, fields.values) {
                out[texts.text(UnsafeBufferPointer(rebasing: b[key]))] = texts.text(UnsafeBufferPointer(rebasing: b[value]))
            }
            return out
        }
        return try plain ?? AttributesText.decode(text)
    }
}
