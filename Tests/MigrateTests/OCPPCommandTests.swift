import Foundation
import Testing

/// `migrate ocpp kpis` end to end on the logs recorded between real peers (Tests/OCPPTests/Fixtures).
@Suite("migrate ocpp kpis")
struct OCPPCommandTests {
    static let fixtures = Migrate.repositoryRoot.appendingPathComponent("Tests/OCPPTests/Fixtures")
    static func log(_ seed: Int) -> String { fixtures.appendingPathComponent("peers-seed\(seed).jsonl").path }

    static func object(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    @Test(arguments: [1, 2])
    func jsonIsTheGeneratorsCountInOCPPMdsShape(_ seed: Int) async throws {
        let result = try await AsyncMigrate.run(["ocpp", "kpis", Self.log(seed), "--json"], in: Self.fixtures)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let got = try Self.object(result.stdout) as NSDictionary
        let expected = try Self.object(String(contentsOf: Self.fixtures.appendingPathComponent("peers-seed\(seed).expected.json"), encoding: .utf8)) as NSDictionary
        #expect(got == expected)
        #expect(Set((got as! [String: Any]).keys) == ["totals", "per_charger", "by_day"])
    }

    /// Two logs are summed; the window keeps samples in [from, to).
    @Test func severalLogsAndAWindow() async throws {
        let both = try await AsyncMigrate.run(["ocpp", "kpis", Self.log(1), Self.log(2), "--format", "json"], in: Self.fixtures)
        let one = try await AsyncMigrate.run(["ocpp", "kpis", Self.log(1), "--json"], in: Self.fixtures)
        let two = try await AsyncMigrate.run(["ocpp", "kpis", Self.log(2), "--json"], in: Self.fixtures)
        let totals = { (r: AsyncMigrate.Result) in try Self.object(r.stdout)["totals"] as! [String: Int] }
        let sum = try totals(one).merging(try totals(two), uniquingKeysWith: +)
        #expect(try totals(both) == sum)

        let day = try await AsyncMigrate.run(["ocpp", "kpis", Self.log(1), "--json", "--from", "2026-09-02", "--to", "2026-09-03T00:00:00Z"], in: Self.fixtures)
        let all = try Self.object(one.stdout)
        let byDay = all["by_day"] as! [String: [String: Int]]
        #expect(try totals(day) == byDay["2026-09-02"]!)
        #expect(Array((try Self.object(day.stdout)["by_day"] as! [String: Any]).keys) == ["2026-09-02"])
    }

    /// CSV: metric,charger,day,value per charger and day; summing over chargers and days gives the totals.
    @Test func csvSumsToTheTotals() async throws {
        let csv = try await AsyncMigrate.run(["ocpp", "kpis", Self.log(1), "--format", "csv"], in: Self.fixtures)
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "metric,charger,day,value")
        var sums: [String: Int] = [:]
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(cells.count == 4, "\(line)")
            sums[String(cells[0]), default: 0] += Int(cells[3])!
        }
        let json = try await AsyncMigrate.run(["ocpp", "kpis", Self.log(1), "--json"], in: Self.fixtures)
        #expect(sums == (try Self.object(json.stdout)["totals"] as! [String: Int]))
        #expect(csv.stdout.contains(",RDAM 123,"))
    }

    @Test func tableForPeople() async throws {
        let table = try await AsyncMigrate.run(["ocpp", "kpis", Self.log(2)], in: Self.fixtures)
        #expect(table.status == 0)
        #expect(table.stdout.hasPrefix("METRIC"))
        #expect(table.stdout.contains("RDAM 123") && table.stdout.contains("DAY (UTC)") && table.stdout.contains("6 chargers"))
    }

    @Test func brokenLogsAreErrorsNamingFileAndLine() async throws {
        let dir = try AsyncMigrate.temporaryDirectory()
        let good = try String(contentsOfFile: Self.log(2), encoding: .utf8).split(separator: "\n").prefix(5).joined(separator: "\n") + "\n"
        try (good + "{\"time\":\"2026-09-02T00:05:00.000Z\",\"charger\":\"X\",\"from\":\"charger\",\"frame\":[9,\"1\",{}]}\nnot json\n")
            .write(to: dir.appendingPathComponent("bad.jsonl"), atomically: true, encoding: .utf8)
        let result = try await AsyncMigrate.run(["ocpp", "kpis", "bad.jsonl", "--json"], in: dir)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("bad.jsonl:6: unknown message type 9"), "\(result.stderr)")
        #expect(result.stderr.contains("bad.jsonl:7: not JSON"), "\(result.stderr)")

        let missing = try await AsyncMigrate.run(["ocpp", "kpis", "nowhere.jsonl"], in: dir)
        #expect(missing.status == 1 && missing.stderr.contains("nowhere.jsonl: cannot open"), "\(missing)")

        try (good + "{\"time\":\"2026-09-02T00:05:00.000Z\",\"char").write(to: dir.appendingPathComponent("growing.jsonl"), atomically: true, encoding: .utf8)
        let growing = try await AsyncMigrate.run(["ocpp", "kpis", "growing.jsonl", "--json"], in: dir)
        #expect(growing.status == 0)
        #expect(growing.stderr.contains("growing.jsonl:6: warning: the last line has no newline"), "\(growing.stderr)")

        let both = try await AsyncMigrate.run(["ocpp", "kpis", Self.log(2), "--json", "--format", "csv"], in: dir)
        #expect(both.status == 1 && both.stderr.contains("contradict"))
        let window = try await AsyncMigrate.run(["ocpp", "kpis", Self.log(2), "--from", "2026-09-03", "--to", "2026-09-02"], in: dir)
        #expect(window.status == 1 && window.stderr.contains("is not before"))
        let time = try await AsyncMigrate.run(["ocpp", "kpis", Self.log(2), "--from", "tomorrow"], in: dir)
        #expect(time.status == 1 && time.stderr.contains("--from 'tomorrow'"))
    }
}
