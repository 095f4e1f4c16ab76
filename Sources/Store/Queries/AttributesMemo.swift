import Engine

/// Decodes chargers' attribute texts, each distinct text once. A fleet has few distinct combinations of model, site
/// and region (hundreds for 100,000 chargers), so a read of the whole fleet or a large cohort parses each once and
/// its chargers share one dictionary (copy on write) instead of each building its own. At most `limit` texts are
/// remembered: a fleet whose every charger differs costs one lookup more per charger, and bounded memory.
package struct AttributesMemo {
    private var known: [String: [String: String]] = [:]
    private let limit: Int

    package init(limit: Int = 4096) {
        self.limit = limit
    }

    package mutating func decode(_ text: String) throws -> [String: String] {
        if let hit = known[text] { return hit }
        let value = try AttributesText.decode(text)
        if known.count < limit { known[text] = value }
        return value
    }
}
