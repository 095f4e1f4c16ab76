@testable import OCPP
import Testing

/// The scanner looks at strings eight bytes at a time: a special byte at any offset must still be seen.
@Suite struct JSONScannerTests {
    static func scan(_ bytes: [UInt8]) -> Result<JSONRef, JSONSyntaxError> {
        bytes.withUnsafeBufferPointer { buffer in
            var s = JSONScanner(buffer)
            do throws(JSONSyntaxError) {
                let v = try s.value()
                try s.expectEnd()
                return .success(v)
            } catch {
                return .failure(error)
            }
        }
    }

    @Test(arguments: 0..<20)
    func specialBytesAtEveryOffset(_ offset: Int) {
        let plain = Array(repeating: UInt8(ascii: "a"), count: 24)
        func string(_ inner: [UInt8]) -> [UInt8] { [UInt8(ascii: "\"")] + inner + [UInt8(ascii: "\"")] }
        var escaped = plain
        escaped.insert(contentsOf: Array(#"\""#.utf8), at: offset)
        if case .success(let ref) = Self.scan(string(escaped)) { #expect(ref.escaped && ref.end - ref.start == 26) } else { Issue.record("escaped quote at \(offset)") }
        var quoteEarly = plain
        quoteEarly.insert(UInt8(ascii: "\""), at: offset)
        if case .success = Self.scan(string(quoteEarly)) { Issue.record("a quote at \(offset) ends the string; what follows is garbage") }
        var control = plain
        control[offset] = 0x01
        if case .failure(let e) = Self.scan(string(control)) { #expect(e.message.contains("control character") && e.offset == offset + 1) } else { Issue.record("control at \(offset)") }
        var accented = plain
        accented.insert(contentsOf: Array("é€😀".utf8), at: offset)
        if case .failure = Self.scan(string(accented)) { Issue.record("valid UTF-8 at \(offset)") }
        var invalid = plain
        invalid[offset] = 0xC3  // a lead byte followed by 'a'
        if case .failure(let e) = Self.scan(string(invalid)) { #expect(e.message.contains("invalid UTF-8")) } else { Issue.record("invalid UTF-8 at \(offset)") }
    }
}
