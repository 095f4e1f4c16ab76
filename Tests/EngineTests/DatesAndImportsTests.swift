import Foundation
@testable import Engine
import Gates
import PropertyBased
import Testing

/// Issue 9, class 6: every time is proleptic Gregorian ISO 8601, 0001-01-01 to 9999-12-31, both ways.
@Suite struct ISOTimeTests {
    @Test(arguments: ["1000-06-01T00:00:00Z", "0001-01-01T00:00:00Z", "1582-10-10T12:00:00Z", "1600-02-29T23:59:59Z",
                      "1970-01-01T00:00:00Z", "2026-11-16T09:00:03Z", "9999-12-31T23:59:59Z"])
    func printsWhatItParsed(text: String) throws {
        let date = try #require(ISOTime.parse(text))
        #expect(ISOTime.format(date) == text)
    }

    @Test func dateAloneIsMidnightUTCAndOffsetsApply() throws {
        #expect(ISOTime.parse("1000-06-01").map(ISOTime.format) == "1000-06-01T00:00:00Z")
        #expect(ISOTime.parse("2026-11-16T10:00:00+01:00").map(ISOTime.format) == "2026-11-16T09:00:00Z")
        #expect(ISOTime.parse("2026-11-16T10:00:00.75-0130").map(ISOTime.format) == "2026-11-16T11:30:00Z")
        #expect(ISOTime.parse("2026-11-16T09:00:00.5Z")?.timeIntervalSince1970.truncatingRemainder(dividingBy: 1) == 0.5)
    }

    @Test(arguments: ["0000-12-31T00:00:00Z", "0001-01-01T00:00:00+00:01", "10000-01-01T00:00:00Z", "9999-12-31T23:59:59-00:01",
                      "2026-02-29T00:00:00Z", "1900-02-29", "2026-13-01", "2026-11-16T24:00:00Z", "2026-11-16T09:60:00Z",
                      "2026-11-16T09:00:60Z", "2026-11-16 09:00:00Z", "2026-11-16T09:00:00", "2026-11-16T09:00:00.Z",
                      "2026-11-16T09:00:00.1234567890Z", "-2026-11-16", "", "yesterday"])
    func refusesWhatIsNotATimeInRange(text: String) {
        #expect(ISOTime.parse(text) == nil, "\(text)")
    }

    /// Every second of the range round-trips: format(parse(x)) == x and parse(format(d)) == d.
    @Test func roundTripsAcrossTheRange() async {
        let first = ISOTime.range.lowerBound.timeIntervalSince1970, last = ISOTime.range.upperBound.timeIntervalSince1970
        await propertyCheck(count: 2_000, input: Gen.int(in: Int(first)...Int(last))) { seconds in
            let date = Date(timeIntervalSince1970: Double(seconds))
            let text = ISOTime.format(date)
            #expect(ISOTime.parse(text) == date, "\(seconds) → \(text)")
            #expect(text.count == 20, "\(text)")
        }
    }

    @Test func agreesWithFoundationAfterTheReform() throws {
        let gregorian = ISO8601DateFormatter()
        for text in ["1583-01-01T00:00:00Z", "2000-02-29T12:34:56Z", "2038-01-19T03:14:08Z"] {
            #expect(ISOTime.parse(text) == gregorian.date(from: text))
        }
    }

    @Test func outOfRangeDatesArePrintedAsTheyAreAndNeverTrap() {
        #expect(ISOTime.format(Date(timeIntervalSince1970: 999_999_999_999)) == "+33658-09-27T01:46:39Z")
        #expect(ISOTime.format(Date(timeIntervalSince1970: -62_135_596_801)) == "0000-12-31T23:59:59Z")
        #expect(ISOTime.format(Date(timeIntervalSince1970: -62_167_219_201)) == "-0001-12-31T23:59:59Z")
        #expect(ISOTime.format(Date(timeIntervalSince1970: .infinity)) == "1970-01-01T00:00:00Z")
        #expect(ISOTime.parse(ISOTime.format(Date(timeIntervalSince1970: 1e18))) == nil)
        _ = ISOTime.format(Date(timeIntervalSince1970: -1e18))
    }
}

/// Issue 9, class 12 and 5: CSV line ends of every kind, duplicate headers, and field limits at import.
@Suite struct ImportHardeningTests {
    @Test(arguments: ["\r", "\r\n", "\n"])
    func everyLineEndReadsTheSame(end: String) throws {
        let text = ["id,site,model", "CP-1,a,m1", "\"CP-2\",\"b\",m2", ""].joined(separator: end)
        let chargers = try FleetCSV.parse(text, file: "f.csv")
        #expect(chargers.map(\.id) == ["CP-1", "CP-2"])
        #expect(chargers[1].attributes == ["site": "b", "model": "m2"])
    }

    @Test func crOnlyLinesAreNumbered() throws {
        let records = try CSVReader.records("a,b\r1,2\r\r3,\"x\ry\"\r4,5")
        #expect(records.map(\.line) == [1, 2, 4, 6])
        #expect(records[2].fields == ["3", "x\ry"])
    }

    @Test func issueImportRefusesADuplicateHeader() {
        let text = "id,title,severity,title\nI-1,a,high,b\n"
        #expect(throws: InputError.self) { try IssueImport.parse(text, format: .csv, file: "i.csv", now: Date(), actor: "a") }
        do {
            _ = try IssueImport.parse(text, format: .csv, file: "i.csv", now: Date(), actor: "a")
        } catch {
            #expect("\(error)".contains("i.csv:1: column `title` appears twice"), "\(error)")
        }
    }

    @Test(arguments: [
        ("id,site\nCP-1," + String(repeating: "x", count: 201) + "\n", "f.csv:2: column site: the value is 201 characters long; at most 200"),
        ("id,site\nCP-1,a\u{1B}[2Jb\n", "f.csv:2: column site: the value contains a control character (U+001B)"),
        ("id,si\u{7}te\nCP-1,a\n", "f.csv:1: the name of column 2 contains a control character (U+0007)"),
        ("id,site\nCP\u{1B}1,a\n", "the charger id 'CP\\u{1B}1' contains the control character U+1B"),
    ])
    func fleetFieldsAreLimited(text: String, expected: String) {
        do {
            _ = try FleetCSV.parse(text, file: "f.csv")
            Issue.record("accepted \(text.debugDescription)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
            #expect(!"\(error)".contains("\u{1B}") && !"\(error)".contains("\u{7}"))
        }
    }

    @Test(arguments: [
        ("id,title,severity,owner\nI-1,t,high," + String(repeating: "o", count: 101) + "\n", "column owner: the value is 101 characters long"),
        ("id,title,severity\nI-1,\"two\nlines\",high\n", "column title: the value contains a line break"),
        ("id,title,severity,opened_at\nI-1,t,high,0000-12-31\n", "column opened_at: '0000-12-31' is not an ISO 8601 time"),
    ])
    func issueFieldsAreLimited(text: String, expected: String) {
        do {
            _ = try IssueImport.parse(text, format: .csv, file: "i.csv", now: Date(), actor: "a")
            Issue.record("accepted \(text.debugDescription)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }

    @Test func oldDatesImportAsWritten() throws {
        let records = try IssueImport.parse("id,title,severity,opened_at\nI-1,t,high,1000-06-01\nI-2,t,low,0001-01-01T00:00:00Z\n",
                                            format: .csv, file: "i.csv", now: Date(), actor: "a")
        #expect(records.map { ISOTime.format($0.openedAt) } == ["1000-06-01T00:00:00Z", "0001-01-01T00:00:00Z"])
    }
}
