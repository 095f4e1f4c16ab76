import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 9, classes 2, 6 and 12, end to end with the built binary: old dates stay as written and
/// re-imports change nothing; `report --output` never destroys what is at the path; CR-only files import.
@Suite("Hardening: dates, files and line ends")
struct DatesAndFilesTests {
    @Test("issues dated 1000-06-01 and 0001-01-01 are journaled and listed as written; importing again changes nothing")
    func oldDatesAndIdempotentReimport() async throws {
        let box = try Sandbox()
        try await box.setUpAsync(playbook: Paths.fixture("basic.yaml"))
        let file = try box.write("issues.csv", "id,title,severity,opened_at\rI-1,old,high,1000-06-01\rI-2,older,low,0001-01-01T00:00:00Z\r")
        let first = try await box.okAsync(["issues", "import", file])
        #expect(first.stdout.contains("2 opened"), "CR-only line ends read as lines: \(first)")
        let again = try await box.okAsync(["issues", "import", file])
        #expect(again.stdout.contains("0 opened, 0 updated, 2 unchanged"), "\(again)")
        let list = try await box.okAsync(["issues", "list", "--json"])
        #expect(list.stdout.contains("\"opened_at\" : \"1000-06-01T00:00:00Z\"") && list.stdout.contains("\"opened_at\" : \"0001-01-01T00:00:00Z\""), "\(list)")
        let refused = try await box.runAsync(["issues", "import", try box.write("bad.csv", "id,title,severity,opened_at\nI-3,t,low,0000-12-31\n")])
        #expect(refused.status == 1 && refused.stderr.contains("bad.csv:2: column opened_at"), "\(refused)")
        try await box.verifiesAsync()
    }

    @Test("a samples file cut short (no line break at its end) imports with a warning that says so; a whole one has none")
    func cutShortSamplesFileWarns() async throws {
        let box = try Sandbox()
        try await box.setUpAsync(playbook: Paths.fixture("basic.yaml"))
        let cut = try box.write("cut.csv", "charger,time,value,metric\nCP-0000,2026-11-02T09:00:00Z,3,session.attempts\nCP-0001,2026-11-02T09:00:00Z,8,session.attemp")
        let partial = try await box.okAsync(["metrics", "import", cut])
        #expect(partial.stderr.contains("warning: \(cut) does not end with a line break: if the file was cut short, its last line is a partial sample"), "\(partial)")
        let whole = try await box.okAsync(["metrics", "import", try box.write("whole.csv", "time,charger,metric,value\r\n2026-11-02T10:00:00Z,CP-0000,session.attempts,3\r\n")])
        #expect(!whole.stderr.contains("warning"), "\(whole)")
        let again = try await box.okAsync(["metrics", "import", cut])
        #expect(again.stdout.contains("already imported") && !again.stderr.contains("warning"), "said once, when it was imported: \(again)")
    }

    @Test("report --output: a FIFO and a directory are refused untouched; a symlink is written through")
    func reportOutput() async throws {
        let box = try Sandbox()
        try await box.setUpAsync(playbook: Paths.fixture("basic.yaml"))
        let fifo = box.path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let r = try await box.runAsync(["report", "north", "--output", fifo])
        #expect(r.status == 1 && r.stderr.contains("is a FIFO (named pipe), not a regular file; refusing to replace it"), "\(r)")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "still a FIFO")
        let dir = try await box.runAsync(["report", "north", "--output", box.dir.path])
        #expect(dir.status == 1 && dir.stderr.contains("is a directory; give a file name"), "\(dir)")
        #expect(!dir.stderr.contains("NSCocoaErrorDomain"), "\(dir)")
        let target = try box.write("real.md", "old")
        #expect(symlink(target, box.path("link.md")) == 0)
        try await box.okAsync(["report", "north", "--output", box.path("link.md")])
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("# Checkpoint report: north"))
        #expect(lstat(box.path("link.md"), &info) == 0 && info.st_mode & S_IFMT == S_IFLNK, "still a link")
    }
}

/// Issue 9, class 5: the report's per-day tables cover at most the last 366 days, however far `--now` is.
@Suite("Hardening: bounded report")
struct BoundedReportTests {
    @Test("a phase of 400 days charts its last 366; --now 9999-12-31 completes")
    func perDayTablesAreBounded() async throws {
        let box = try Sandbox()
        try await box.setUpAsync(playbook: Paths.fixture("metric.yaml"))
        let day399 = Sandbox.hoursAfterT0(399 * 24)
        let samples = "time,charger,metric,value\n\(day399),CP-0000,session.started,9\n\(day399),CP-0000,session.attempted,10\n"
        try await box.okAsync(["metrics", "import", try box.write("s.csv", samples)], now: day399)
        let report = try await box.okAsync(["report", "north"], now: Sandbox.hoursAfterT0(400 * 24))
        let section = try #require(report.stdout.components(separatedBy: "## Metrics by day").last?.components(separatedBy: "\n## ").first)
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("| 2") }
        #expect(rows.count == 367, "366 days back from a time inside the 367th: \(rows.count) rows")
        #expect(section.contains("the last 366 days of the phase (entered 2026-11-02)"), "\(section.prefix(600))")
        let far = try await box.runAsync(["report", "north", "--format", "html"], now: "9999-12-31T23:59:59Z")
        #expect(far.status == 0 && far.stdout.utf8.count < 2_000_000, "\(far.status) \(far.stdout.utf8.count) bytes")
    }
}
