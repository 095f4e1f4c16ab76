import Foundation
import Testing

/// `migrate report` end to end: on the demo's store, the report's numbers are those of `migrate gates`
/// and its timeline is `migrate history`.
@Suite("migrate report")
struct ReportCommandTests {
    static let now = "2026-12-07T09:00:00Z"

    /// The demo's store in a fresh directory.
    static func demo() async throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("demo.db").path
        let result = try await Migrate.run(["demo", "--db", db], in: dir)
        #expect(result.status == 0, "demo failed: \(result.stderr)")
        return db
    }

    /// How the report writes numbers: integers bare, others with up to 4 decimals.
    static func format(_ x: Double) -> String {
        if x.rounded() == x, abs(x) < 1e15 { return String(Int64(x)) }
        var s = String(format: "%.4f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    static func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    /// The Markdown table rows of `section` (between its `## ` heading and the next), split into cells.
    static func rows(of section: String, in markdown: String) -> [[String]] {
        guard let start = markdown.range(of: "## \(section)\n") else { return [] }
        let rest = markdown[start.upperBound...]
        let body = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        return body.split(separator: "\n").filter { $0.hasPrefix("| ") }.map {
            $0.dropFirst(2).dropLast(2).components(separatedBy: " | ")
        }
    }

    /// The gate rows of one phase's evidence (`entry` is `#SEQ` or `now`), by gate name: [value, threshold, samples, result].
    static func gateCells(_ markdown: String, entry: String) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for row in rows(of: "Gates", in: markdown) where row.count == 10 && row[9] == entry {
            out[row[1]] = [row[3], row[4], row[5], row[7]]
        }
        return out
    }

    static func expected(_ gate: [String: Any]) -> (name: String, cells: [String]) {
        let kind = gate["kind"] as! String, name = gate["name"] as! String
        let shown = kind == "metric" || name.hasPrefix(kind) ? name : "\(kind): \(name)"
        func number(_ key: String) -> String {
            guard let x = gate[key] as? Double else { return "-" }
            if kind == "soak" { return "\(Int(x) / 86_400)d" }
            return format(x)
        }
        let result = gate["result"] as! String
        return (shown, [number("value"), number("threshold"), number("samples"), result == "fail" ? "FAIL" : result])
    }

    @Test func theReportAgreesWithGatesAndHistory() async throws {
        let db = try await Self.demo()
        let report = try await Migrate.run(["report", "north", "--format", "md", "--db", db, "--now", Self.now])
        #expect(report.status == 0, "report failed: \(report.stderr)")
        let md = report.stdout
        #expect(md.contains("**Decision:** Completed: north passed the gates of all 4 phases"))

        // The current phase's gates: the numbers of `migrate gates north --json`.
        let gates = try await Migrate.run(["gates", "north", "--json", "--db", db, "--now", Self.now])
        let gatesJSON = try Self.json(gates.stdout) as! [String: Any]
        let now = Self.gateCells(md, entry: "now")
        let current = gatesJSON["gates"] as! [[String: Any]]
        #expect(now.count == current.count)
        for gate in current {
            let (name, cells) = Self.expected(gate)
            #expect(now[name] == cells, "gate \(name)")
        }

        // The timeline is the cohort's history, entry for entry; passed phases carry their entry's evidence.
        let history = try Self.json(try await Migrate.run(["history", "north", "--json", "--db", db]).stdout) as! [[String: Any]]
        let timeline = Self.rows(of: "Timeline", in: md).dropFirst().map { Int($0[0]) }
        #expect(timeline == history.map { $0["seq"] as? Int })
        #expect(Self.rows(of: "Timeline", in: md).dropFirst().map { $0[2] } == history.map { $0["kind"] as! String })
        var passed = 0
        for entry in history where ["advanced", "completed"].contains(entry["kind"] as! String) {
            let evidence = (entry["evidence"] as! [String: Any])["gates"] as! [[String: Any]]
            let cells = Self.gateCells(md, entry: "#\(entry["seq"] as! Int)")
            #expect(cells.count == evidence.count)
            for gate in evidence {
                let (name, expected) = Self.expected(gate)
                #expect(cells[name] == expected, "entry \(entry["seq"]!) gate \(name)")
            }
            passed += 1
        }
        #expect(passed == 4)
        #expect(md.contains("The journal verified"))
    }

    @Test func htmlIsOneSelfContainedFileWrittenToOutput() async throws {
        let db = try await Self.demo()
        let out = URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent("south.html").path
        let result = try await Migrate.run(["report", "south", "--format", "html", "--output", out, "--db", db, "--now", Self.now])
        #expect(result.status == 0, "report failed: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        #expect(html.contains("<svg"))
        #expect(html.contains("Not ready"))
        #expect(html.contains("A rollback was exercised once"))
    }

    @Test func anUnknownCohortIsAnError() async throws {
        let db = try await Self.demo()
        let result = try await Migrate.run(["report", "west", "--db", db, "--now", Self.now])
        #expect(result.status == 1)
    }
}
