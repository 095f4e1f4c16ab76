import Foundation
import Store
import Testing

/// What docs/metrics.md promises about a file's form: line ends, huge lines, JSON Lines by content.
@Suite struct SampleFileFormTests {
    @Test func oldMacLineEndsAreLineEnds() throws {
        let f = try SampleFixture()
        let report = try f.importFile("mac.csv", "time,charger,metric,value\r2026-11-01T10:00:00Z,CP-1,x,1\r2026-11-01T11:00:00Z,CP-1,x,2\r")
        #expect(report.samples == 2)
        let message = importError { try f.importFile("mac2.csv", "time,charger,metric,value\r2026-11-01T10:00:00Z,CP-1,x,1\r\r2026-11-01T11:00:00Z,CP-1,x,-2") }
        #expect(message?.contains("mac2.csv:4: column value: '-2' is negative") == true, "\(message ?? "")")
    }

    @Test func mixedLineEndsCountLinesOnce() throws {
        let f = try SampleFixture()
        let message = importError { try f.importFile("mixed.csv", "time,charger,metric,value\r\n2026-11-01T10:00:00Z,CP-1,x,1\n2026-11-01T10:00:00Z,CP-1,x,1\r2026-11-01T11:00:00Z,CP-1,x,y\r\n") }
        #expect(message?.contains("mixed.csv:4: column value: 'y'") == true, "\(message ?? "")")
    }

    @Test func aHugeHeaderIsRefusedAtOnce() throws {
        let f = try SampleFixture()
        let path = try f.file("huge.csv", String(repeating: "time,", count: 2_000_000) + "\n")
        let started = Date()
        let message = importError { _ = try f.store.importMetrics(path: path, actor: "t", at: SampleFixture.at, simulated: true) }
        #expect(message?.contains("huge.csv:1: the line is longer than 65536 bytes") == true, "\(message ?? "")")
        #expect(Date().timeIntervalSince(started) < 30, "refused without reading the whole line into memory")
    }

    @Test func aCSVNamedFileStartingWithABraceIsJSONLines() throws {
        let f = try SampleFixture()
        let report = try f.importFile("samples.csv", """
              {"time": "2026-11-01T10:00:00Z", "charger": "CP-1", "metric": "x", "value": 4}
            {"time": 1793527200, "charger": "CP-2", "metric": "x", "value": 1}
            """)
        #expect(report.samples == 2)
        let message = importError { try f.importFile("more.csv", "{\"time\": \"2026-11-01T10:00:00Z\"}\ntime,charger,metric,value\n") }
        #expect(message?.contains("more.csv:1: missing key 'charger'") == true, "\(message ?? "")")
    }

    @Test func aMissingFileOrADirectoryIsNamed() throws {
        let f = try SampleFixture()
        let missing = importError { _ = try f.store.importMetrics(path: f.directory.appendingPathComponent("nope.csv").path, actor: "t", at: SampleFixture.at, simulated: true) }
        #expect(missing?.contains("nope.csv: no such file") == true, "\(missing ?? "")")
        let directory = importError { _ = try f.store.importMetrics(path: f.directory.path, actor: "t", at: SampleFixture.at, simulated: true) }
        #expect(directory?.contains("is a directory") == true, "\(directory ?? "")")
    }
}
