import Engine
import Foundation
import Gates
import Store
import Testing

@Suite struct SampleImportTests {
    @Test func importsCSVInAnyColumnOrder() throws {
        let f = try SampleFixture()
        let report = try f.importFile("a.csv", """
            metric,value,charger,time
            session.attempted,10,CP-1,2026-11-01T10:00:00Z
            session.attempted,5,CP-2,2026-11-01T11:00:00.250+01:00
            session.started,9,CP-1,1793527200
            """)
        #expect(report.samples == 3)
        #expect(report.duplicates == 0)
        #expect(report.alreadyImported == false)
        #expect(report.start == ISOTime.parse("2026-11-01T10:00:00Z"))
        let totals = try f.everything(["session.attempted", "session.started"])
        #expect(totals.sums["session.attempted"] == 15)
        #expect(totals.counts["session.attempted"] == 2)
        #expect(totals.sums["session.started"] == 9)
    }

    @Test func importsJSONLines() throws {
        let f = try SampleFixture()
        let report = try f.importFile("a.jsonl", """
            {"time": "2026-11-01T10:00:00Z", "charger": "CP-1", "metric": "cdr.checked", "value": 4}
            {"time": 1793527200.5, "charger": "CP-2", "metric": "cdr.checked", "value": 2.5e0}

            {"value": 1, "metric": "cdr.mismatched", "charger": "CP\\u002d1", "time": "2026-11-01T10:00:00Z"}
            """)
        #expect(report.samples == 3)
        let totals = try f.everything(["cdr.checked", "cdr.mismatched"])
        #expect(totals.sums["cdr.checked"] == 6.5)
        #expect(totals.sums["cdr.mismatched"] == 1)
    }

    @Test func sameFileTwiceChangesNothing() throws {
        let f = try SampleFixture()
        let text = "time,charger,metric,value\n2026-11-01T10:00:00Z,CP-1,x,1\n2026-11-01T11:00:00Z,CP-1,x,2\n"
        let first = try f.importFile("a.csv", text)
        let second = try f.importFile("a.csv", text)
        #expect(second.alreadyImported)
        #expect(second.entry == first.entry)
        #expect(try f.everything(["x"]).sums["x"] == 3)
        #expect(try f.everything(["x"]).counts["x"] == 2)
    }

    @Test func overlappingFileDoesNotCountTwice() throws {
        let f = try SampleFixture()
        try f.importFile("a.csv", "time,charger,metric,value\n2026-11-01T10:00:00Z,CP-1,x,1\n2026-11-01T11:00:00Z,CP-1,x,2\n")
        let report = try f.importFile("b.csv", "time,charger,metric,value\n2026-11-01T11:00:00Z,CP-1,x,2\n2026-11-01T12:00:00Z,CP-1,x,4\n2026-11-01T12:00:00Z,CP-1,x,4\n")
        #expect(report.samples == 1)
        #expect(report.duplicates == 2)
        #expect(try f.everything(["x"]).sums["x"] == 7)
        #expect(try f.everything(["x"]).counts["x"] == 3)
    }

    @Test func sameKeyWithAnotherValueRefusesTheFile() throws {
        let f = try SampleFixture()
        try f.importFile("a.csv", "time,charger,metric,value\n2026-11-01T10:00:00Z,CP-1,x,1\n")
        let message = importError { try f.importFile("b.csv", "time,charger,metric,value\n2026-11-01T09:00:00Z,CP-2,x,1\n2026-11-01T10:00:00Z,CP-1,x,3\n") }
        #expect(message?.contains("b.csv:3:") == true)
        #expect(message?.contains("1 is already stored") == true)
        #expect(try f.everything(["x"]).counts["x"] == 1)
    }

    @Test(arguments: [
        ("time,charger,metric,value\n2026-11-01T10:00:00Z,CP-1,x,1\nnot-a-time,CP-1,x,1\n", ":3: column time: 'not-a-time'"),
        ("time,charger,metric,value\n2026-11-01T10:00:00Z,CP-1,x,NaN\n", ":2: column value: 'NaN' is not a finite number"),
        ("time,charger,metric,value\n2026-11-01T10:00:00Z,CP-1,x,inf\n", ":2: column value: 'inf' is not a finite number"),
        ("time,charger,metric,value\n2026-11-01T10:00:00Z,CP-1,x,-2\n", ":2: column value: '-2' is negative"),
        ("time,charger,metric,value\n2026-11-01T10:00:00Z,CP-1,x,abc\n", ":2: column value: 'abc' is not a number"),
        ("time,charger,metric,value\n2026-11-01T10:00:00,CP-1,x,1\n", ":2: column time: '2026-11-01T10:00:00' has no time zone"),
        ("time,charger,metric,value\n2026-02-30T10:00:00Z,CP-1,x,1\n", ":2: column time: '2026-02-30T10:00:00Z' has the day out of range"),
        ("time,charger,metric,value\n2026-11-01T10:00:00Z,,x,1\n", ":2: column charger is empty"),
        ("time,charger,metric,value\n2026-11-01T10:00:00Z,CP-1,x\n", ":2: expected 4 fields"),
        ("time,charger,metric,value,site\n", ":1: unknown column 'site'"),
        ("time,charger,value\n", ":1: the header lacks column 'metric'"),
        ("", ": the file is empty"),
        ("time,charger,metric,value\n\n", ": the file has a header but no samples"),
        ("time,charger,metric,value\n2026-11-01T10:00:00Z,\"CP-1,x,1\n", ":2: field 2: a quote is not closed"),
    ])
    func badRowsRefuseTheWholeFile(text: String, expected: String) throws {
        let f = try SampleFixture()
        let message = importError { try f.importFile("bad.csv", text) }
        #expect(message?.contains("bad.csv" + expected) == true, "\(message ?? "no error")")
        #expect(message?.contains("nothing of") == true)
        #expect(try f.everything(["x"]).counts["x"] == 0)
    }

    @Test(arguments: [
        ("{\"time\": \"2026-11-01T10:00:00Z\", \"charger\": \"CP-1\", \"metric\": \"x\", \"value\": 1, \"site\": \"a\"}", ":1: unknown key 'site'"),
        ("{\"time\": \"2026-11-01T10:00:00Z\", \"charger\": \"CP-1\", \"value\": 1}", ":1: missing key 'metric'"),
        ("{\"time\": \"2026-11-01T10:00:00Z\", \"charger\": \"CP-1\", \"metric\": \"x\", \"value\": \"1\"}", ":1: key 'value' must be a number"),
        ("{\"time\": \"2026-11-01T10:00:00Z\", \"charger\": \"CP-1\", \"metric\": \"x\", \"value\": -1}", ":1: column value: '-1' is negative"),
        ("[1,2]", ":1: not a JSON object"),
    ])
    func badJSONLinesRefuseTheWholeFile(text: String, expected: String) throws {
        let f = try SampleFixture()
        let message = importError { try f.importFile("bad.jsonl", text) }
        #expect(message?.contains("bad.jsonl" + expected) == true, "\(message ?? "no error")")
    }

    @Test func aBadRowLateInAFileStoresNothing() throws {
        let f = try SampleFixture()
        var text = "time,charger,metric,value\n"
        for i in 0..<1000 { text += "\(1_793_527_200 + i),CP-1,x,1\n" }
        text += "\(1_793_527_200 + 5000),CP-1,x,-1\n"
        let message = importError { try f.importFile("late.csv", text) }
        #expect(message?.contains("late.csv:1002:") == true)
        #expect(try f.everything(["x"]).counts["x"] == 0)
    }

    @Test func unknownChargersAreRefusedUnlessSkipped() throws {
        let f = try SampleFixture()
        let text = "time,charger,metric,value\n2026-11-01T10:00:00Z,CP-1,x,1\n2026-11-01T10:00:00Z,CP-99,x,1\n2026-11-01T11:00:00Z,CP-98,x,1\n"
        let message = importError { try f.importFile("u.csv", text) }
        #expect(message?.contains("u.csv:3: 2 samples of 2 chargers not in the fleet (CP-98, CP-99)") == true, "\(message ?? "")")
        #expect(try f.everything(["x"]).counts["x"] == 0)
        let report = try f.importFile("u.csv", text, skipUnknown: true)
        #expect(report.samples == 1)
        #expect(report.skippedUnknown == 2)
        #expect(report.unknownChargers == ["CP-98", "CP-99"])
        #expect(try f.everything(["x"]).counts["x"] == 1)
    }

    @Test func theImportIsJournaled() throws {
        let f = try SampleFixture()
        let report = try f.importFile("a.csv", "time,charger,metric,value\n2026-11-01T10:00:00Z,CP-1,x,1\n")
        #expect(report.entry == 2)
        let again = try f.importFile("b.csv", "time,charger,metric,value\n2026-11-01T10:00:00Z,CP-1,x,1\n2026-11-01T10:00:00Z,CP-1,x,1\n")
        #expect(again.entry == 3)
        #expect(again.samples == 0)
        #expect(again.duplicates == 2)
    }
}

@Suite struct SampleImportAfterSkipTests {
    @Test func aFileWithDroppedSamplesCanBeImportedAgainLater() throws {
        let f = try SampleFixture(fleet: ["CP-1"])
        let text = "time,charger,metric,value\n2026-11-01T10:00:00Z,CP-1,x,1\n2026-11-01T10:00:00Z,CP-2,x,5\n"
        try f.importFile("a.csv", text, skipUnknown: true)
        try f.store.append([NewEntry(at: SampleFixture.at, cohort: nil, actor: "t", reason: nil, simulated: true,
                                     event: .fleetImported(.init(file: "f", digest: "y", chargers: [Charger(id: "CP-2")], added: 1, updated: 0)))],
                           if: .none)
        let again = try f.importFile("a.csv", text)
        #expect(again.alreadyImported == false)
        #expect(again.samples == 1)
        #expect(again.duplicates == 1)
        #expect(try f.everything(["x"], chargers: ["CP-1", "CP-2"]).sums["x"] == 6)
        #expect(try f.importFile("a.csv", text).alreadyImported)
    }
}
