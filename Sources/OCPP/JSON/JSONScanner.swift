/// A validating JSON scanner over the bytes of one line: one pass checks the whole grammar (RFC 8259),
/// that strings are valid UTF-8 without raw control characters, and a nesting limit; it builds nothing
/// but `JSONRef`s, so reading a frame allocates nothing.
struct JSONScanner {
    /// Deeper nesting than this is refused (a hostile `[[[[…` must not exhaust the stack).
    static let maxDepth = 64

    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    @inline(__always) mutating func skipSpace() {
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { i += 1 } else { return }
        }
    }

    /// A byte as messages show it: a printable ASCII character quoted, anything else by its value (a message is
    /// one printable line, whatever the log holds).
    static func shown(_ b: UInt8) -> String {
        (0x20...0x7E).contains(b) ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x" + String(b, radix: 16, uppercase: true)
    }

    @inline(__always) func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: offset ?? i)
    }

    /// Checks that nothing but white space follows the value.
    mutating func expectEnd() throws(JSONSyntaxError) {
        skipSpace()
        if i < bytes.count { throw unexpected("after the JSON value") }
    }

    /// A description of the byte at `i` for an error message (invalid UTF-8 is named as such).
    func unexpected(_ context: String) -> JSONSyntaxError {
        guard i < bytes.count else { return fail("the line ends \(context == "after the JSON value" ? "early" : context)") }
        let b = bytes[i]
        if b >= 0x80, UTF8Check.sequenceLength(bytes, at: i) == nil {
            return fail("invalid UTF-8 (byte 0x\(String(b, radix: 16, uppercase: true)))")
        }
        if b < 0x20 || b == 0x7F { return fail("unexpected control character U+\(String(b, radix: 16, uppercase: true)) \(context)") }
        let shown = b >= 0x80 ? "a non-ASCII character" : Self.shown(b)
        return fail("unexpected \(shown) \(context)")
    }

    /// Reads and validates any value.
    mutating func value(depth: Int = 0) throws(JSONSyntaxError) -> JSONRef {
        skipSpace()
        guard i < bytes.count else { throw fail("the line ends where a value should be") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object(depth: depth) { _, _ throws(JSONSyntaxError) in }
        case UInt8(ascii: "["): return try array(depth: depth) { _ throws(JSONSyntaxError) in }
        case UInt8(ascii: "\""): return try string()
        case UInt8(ascii: "t"): return try literal("true", .bool)
        case UInt8(ascii: "f"): return try literal("false", .bool)
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw unexpected("where a value should be")
        }
    }

    /// Reads an object, calling `member` with each key and value (both validated).
    mutating func object(depth: Int, _ member: (JSONRef, JSONRef) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) -> JSONRef {
        if depth >= Self.maxDepth { throw fail("nested deeper than \(Self.maxDepth) levels") }
        let start = i
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return JSONRef(kind: .object, start: start, end: i) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw unexpected("where a key should be") }
            let key = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw unexpected("after a key (expected ':')") }
            i += 1
            let v = try value(depth: depth + 1)
            try member(key, v)
            skipSpace()
            guard i < bytes.count else { throw fail("the line ends inside an object") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return JSONRef(kind: .object, start: start, end: i) }
            throw unexpected("in an object (expected ',' or '}')")
        }
    }

    /// Reads an array, calling `element` with each value (validated).
    mutating func array(depth: Int, _ element: (JSONRef) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) -> JSONRef {
        if depth >= Self.maxDepth { throw fail("nested deeper than \(Self.maxDepth) levels") }
        let start = i
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return JSONRef(kind: .array, start: start, end: i) }
        while true {
            let v = try value(depth: depth + 1)
            try element(v)
            skipSpace()
            guard i < bytes.count else { throw fail("the line ends inside an array") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return JSONRef(kind: .array, start: start, end: i) }
            throw unexpected("in an array (expected ',' or ']')")
        }
    }

    /// Reads a string: escapes checked, raw control characters refused, UTF-8 validated.
    mutating func string() throws(JSONSyntaxError) -> JSONRef {
        i += 1
        let start = i
        var escaped = false
        while i < bytes.count {
            skipPlainBytes()
            guard i < bytes.count else { break }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let ref = JSONRef(kind: .string, start: start, end: i, escaped: escaped)
                i += 1
                return ref
            }
            if b == UInt8(ascii: "\\") {
                escaped = true
                i += 1
                guard i < bytes.count else { break }
                switch bytes[i] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 1
                case UInt8(ascii: "u"):
                    guard i + 4 < bytes.count, (1...4).allSatisfy({ JSONText.hexValue(bytes[i + $0]) != nil }) else {
                        throw fail("a \\u escape needs four hex digits")
                    }
                    i += 5
                default: throw fail("unknown escape \\ followed by \(Self.shown(bytes[i])) in a string")
                }
            } else if b < 0x20 {
                throw fail("unescaped control character U+\(String(b, radix: 16, uppercase: true)) in a string")
            } else if b < 0x80 {
                i += 1
            } else {
                guard let n = UTF8Check.sequenceLength(bytes, at: i) else {
                    throw fail("invalid UTF-8 (byte 0x\(String(b, radix: 16, uppercase: true)))")
                }
                i += n
            }
        }
        throw fail("the line ends inside a string", at: start - 1)
    }

    /// Skips, eight at a time, bytes that need no look inside a string: ASCII, not a control character,
    /// not `"` or `\\`. Most of a frame log's bytes are such bytes.
    @inline(__always) mutating func skipPlainBytes() {
        guard let base = bytes.baseAddress else { return }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= bytes.count {
            let w = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let quote = w ^ (ones &* 0x22), backslash = w ^ (ones &* 0x5C)
            // A byte is special when it is zero after the xor (quote, backslash), below 0x20, or ≥ 0x80.
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- ones &* 0x20) & ~w) | w
            if special & highs != 0 { return }
            i += 8
        }
    }

    mutating func number() throws(JSONSyntaxError) -> JSONRef {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        func digit(_ k: Int) -> Bool { k < bytes.count && bytes[k] >= 0x30 && bytes[k] <= 0x39 }
        guard digit(i) else { throw fail("a number needs a digit", at: start) }
        if bytes[i] == UInt8(ascii: "0") { i += 1 } else { while digit(i) { i += 1 } }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digit(i) else { throw fail("a number needs a digit after '.'", at: start) }
            while digit(i) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digit(i) else { throw fail("a number needs a digit in its exponent", at: start) }
            while digit(i) { i += 1 }
        }
        return JSONRef(kind: .number, start: start, end: i)
    }

    mutating func literal(_ word: StaticString, _ kind: JSONRef.Kind) throws(JSONSyntaxError) -> JSONRef {
        let start = i
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw unexpected("where a value should be") }
        let w = word.utf8Start
        for k in 0..<n where bytes[i + k] != w[k] { throw unexpected("where a value should be") }
        i += n
        return JSONRef(kind: kind, start: start, end: i)
    }
}
