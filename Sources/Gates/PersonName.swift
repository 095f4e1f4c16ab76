import Foundation

/// How people's names are compared: `alice`, ` alice ` and `ALICE` are one person.
///
/// The key trims surrounding whitespace, collapses inner runs of whitespace to one space, applies
/// Unicode compatibility normalization (NFKC: `ａｌｉｃｅ` is `alice`, a precomposed `é` is `e` + `◌́`)
/// and folds case. What was typed is kept for display; only comparisons use the key.
public enum PersonName {
    public static func key(_ name: String) -> String {
        let words = name.split(whereSeparator: { $0.isWhitespace })
        let collapsed = words.joined(separator: " ")
        return collapsed.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive], locale: nil)
    }

    /// Whether two spellings name the same person.
    public static func same(_ a: String, _ b: String) -> Bool { key(a) == key(b) }
}
