import Engine
import Foundation

/// A charger's attributes as the store keeps them: a flat JSON object of strings (`{"model":"ABB","site":"x"}`).
/// Read by hand, because a snapshot reads thousands at once and `JSONDecoder` costs tens of microseconds each;
/// anything the fast reader does not expect goes to `JSONDecoder`, so the result is the same.
package enum AttributesText {
    package static func decode(_ text: String) throws -> [String: String] {
        if let fast = parse(text) { return fast }
        return try JournalCoding.decoder().decode([String: String].self, from: Data(text.utf8))
    }

    /// The object, or nil when it is not a flat object of plain strings (escapes go the slow way).
    static func parse(_ text: String) -> [String: String]? {
        var text = text
        return text.withUTF8 { b -> [String: String]? in
            var i = 0
            let n = b.count
            func string() -> String? {
                guard i < n, b[i] == 34 else { return nil }
                i += 1
                let start = i
                while i < n, b[i] != 34 {
                    if b[i] == 92 || b[i] < 32 { return nil }
                    i += 1
                }
                guard i < n else { return nil }
                let s = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            guard n >= 2, b[0] == 123 else { return nil }
            i = 1
            var out: [String: String] = [:]
            out.reserveCapacity(8)  // a charger's few attributes without growing the table on the way
            if i < n, b[i] == 125 { return i + 1 == n ? out : nil }
            while true {
                guard let key = string(), i < n, b[i] == 58 else { return nil }
                i += 1
                guard let value = string(), out.updateValue(value, forKey: key) == nil, i < n else { return nil }
                if b[i] == 44 { i += 1; continue }
                guard b[i] == 125, i + 1 == n else { return nil }
                return out
            }
        }
    }
}
