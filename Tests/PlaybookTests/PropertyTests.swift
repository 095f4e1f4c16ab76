import PropertyBased
import Playbook
import Testing

/// Random edits of a valid playbook never crash the loader, and always end in a playbook or an error.
@Suite("Random edits")
struct PropertyTests {
    /// One edit: what to do, where (a fraction of the text, in 1/100000), and with which character.
    enum Edit: Int, CaseIterable { case deleteCharacter, duplicateCharacter, replaceCharacter, deleteLine, duplicateLine, swapLines }

    static let replacements: [Character] = [" ", ":", "-", "\n", "[", "]", "{", "}", "&", "*", "#", "'", "\"", "x", "0", "%", "\t", "!", "|", ">", "é"]

    static func apply(_ edits: [(Int, Int, Int)], to text: String) -> String {
        var chars = Array(text)
        for (kind, at, with) in edits {
            guard !chars.isEmpty else { break }
            let i = at * chars.count / 100_001
            let replacement = replacements[with % replacements.count]
            switch Edit(rawValue: kind % Edit.allCases.count)! {
            case .deleteCharacter: chars.remove(at: i)
            case .duplicateCharacter: chars.insert(chars[i], at: i)
            case .replaceCharacter: chars[i] = replacement
            case .deleteLine, .duplicateLine, .swapLines:
                var lines = String(chars).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let l = at * lines.count / 100_001
                switch Edit(rawValue: kind % Edit.allCases.count)! {
                case .deleteLine: lines.remove(at: l)
                case .duplicateLine: lines.insert(lines[l], at: l)
                default: if l + 1 < lines.count { lines.swapAt(l, l + 1) }
                }
                chars = Array(lines.joined(separator: "\n"))
            }
        }
        return String(chars)
    }

    static let edits = zip(Gen.int(in: 0...5), Gen.int(in: 0...100_000), Gen.int(in: 0...100)).array(of: 1...6)

    @Test func randomEditsOfTheFullExampleNeverCrash() async throws {
        let base = try String(contentsOfFile: Fixtures.shippedPlaybooks.first { $0.hasSuffix("csms-cutover.yaml") }!, encoding: .utf8)
        await propertyCheck(count: 300, input: Self.edits) { edits in
            let text = Self.apply(edits, to: base)
            let result = PlaybookLoader.load(text: text, file: "edited.yaml")
            #expect((result.playbook != nil) != !result.errors.isEmpty)
            for diagnostic in result.diagnostics {
                #expect(diagnostic.position.line >= 1 && diagnostic.position.column >= 1, "\(diagnostic)")
            }
        }
    }

    @Test func randomEditsOfTheMinimalFixtureNeverCrash() async throws {
        let base = try Fixtures.text("valid", "minimal.yaml")
        await propertyCheck(count: 300, input: Self.edits) { edits in
            let result = PlaybookLoader.load(data: Array(Self.apply(edits, to: base).utf8), file: "edited.yaml")
            #expect((result.playbook != nil) != !result.errors.isEmpty)
        }
    }

    @Test func randomBytesNeverCrash() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...255).array(of: 0...400)) { bytes in
            let result = PlaybookLoader.load(data: bytes.map(UInt8.init), file: "noise.yaml")
            #expect(result.playbook == nil && !result.errors.isEmpty)
        }
    }
}
