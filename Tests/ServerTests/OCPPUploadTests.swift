import Application
import Engine
import Foundation
import Gates
import Store
import Testing

/// `POST /api/ocpp/import` with frame logs recorded between real OCPP peers (Tests/OCPPTests/Fixtures): the same
/// KPI samples as the command line's use case on the same file, idempotent, a grown log adding only what is new,
/// unknown chargers refused at their line, and every upload journaled as `upload:NAME`, never a temporary path.
@Suite("Server: OCPP frame-log and metrics uploads")
struct OCPPUploadTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("OCPPTests/Fixtures")
    static func log(_ seed: Int) -> URL { fixtures.appendingPathComponent("peers-seed\(seed).jsonl") }
    static func text(_ seed: Int) throws -> String { try String(contentsOf: log(seed), encoding: .utf8) }

    /// The chargers a frame log names, sorted.
    static func chargers(_ text: String) -> [String] {
        Set(text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))).flatMap { ($0 as? [String: Any])?["charger"] as? String }
        }).sorted()
    }

    static func fleet(_ chargers: [String]) -> String { (["id,site"] + chargers.map { "\($0),s1" }).joined(separator: "\n") + "\n" }

    /// Per metric: samples, chargers, first and last time, and the sum over every charger and all time.
    static func stored(_ store: MigrateStore, chargers: [String]) throws -> [String] {
        let all = EvidenceWindow(start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 4e9))
        return try store.metricSummaries().map { m in
            let totals = try store.totals(of: [m.name], chargers: chargers, window: all)
            return "\(m.name) samples=\(m.samples) chargers=\(m.chargers) \(m.first)…\(m.last) sum=\(totals.sums[m.name] ?? 0)"
        }
    }

    /// The command line's side: a store of its own with the same fleet, importing through the same use case.
    static func commandLineStore(fleet chargers: [String], importing seed: Int) throws -> MigrateStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocpp-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try MigrateStore(path: dir.appendingPathComponent("migrate.db").path)
        let service = MigrationService(store: store), by = Invocation.simulated(actor: "cli", at: TestServer.now)
        _ = try service.importFleet(csv: Array(fleet(chargers).utf8), file: "fleet.csv", as: by)
        _ = try service.importOCPPLog(path: log(seed).path, skipUnknown: false, as: by)
        return store
    }

    /// A server whose fleet is `chargers`.
    static func server(fleet chargers: [String]) async throws -> TestServer {
        let s = try await TestServer()
        _ = try s.service.importFleet(csv: Array(fleet(chargers).utf8), file: "fleet.csv", as: .simulated(actor: "setup", at: TestServer.t0))
        return s
    }

    @Test("an uploaded log stores what the command line's import of the file stores; again changes nothing", arguments: [1, 2])
    func sameSamplesAsTheCommandLine(_ seed: Int) async throws {
        let text = try Self.text(seed), chargers = Self.chargers(text)
        let s = try await Self.server(fleet: chargers)
        defer { Task { await s.stop() } }
        let op = try s.token("olga", "operator")

        let first = try await s.request("POST", "/api/ocpp/import?name=peers-seed\(seed).jsonl", token: op, body: text)
        #expect(first.status == 200, "\(first.body)")
        #expect(first.object["file"] as? String == "upload:peers-seed\(seed).jsonl")
        let imported = try #require(first.object["imported"] as? [String: Any], "\(first.body)")
        #expect((imported["samples"] as? Int ?? 0) > 0 && imported["already_imported"] as? Bool == false)

        // The command line's use case on the same file, in a store of its own.
        let cli = try Self.commandLineStore(fleet: chargers, importing: seed)
        let local = try #require(try cli.history(cohort: nil).compactMap { e -> JournalEvent.MetricsImported? in
            if case let .metricsImported(p) = e.event { p } else { nil }
        }.first)
        #expect(imported["samples"] as? Int == local.samples && imported["digest"] as? String == local.digest)
        let viaAPI = try Self.stored(s.store, chargers: chargers)
        #expect(!viaAPI.isEmpty)
        #expect(viaAPI == (try Self.stored(cli, chargers: chargers)))

        let entries = try s.history().count
        let again = try await s.request("POST", "/api/ocpp/import?name=other-name.jsonl", token: op, body: text)
        #expect(again.status == 200, "\(again.body)")
        #expect((again.object["imported"] as? [String: Any])?["already_imported"] as? Bool == true, "\(again.body)")
        #expect(try s.history().count == entries)
        #expect(try Self.stored(s.store, chargers: chargers) == viaAPI)
        #expect(try s.service.verify().ok)
    }

    @Test("a log uploaded as it grows adds only what is new and ends where the whole log's import ends")
    func grownLog() async throws {
        let text = try Self.text(1), chargers = Self.chargers(text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let s = try await Self.server(fleet: chargers)
        defer { Task { await s.stop() } }
        let op = try s.token("olga", "operator")
        var last = 0
        for cut in [lines.count / 3, 2 * lines.count / 3] {
            let part = lines[..<cut].joined(separator: "\n") + "\n"
            let r = try await s.request("POST", "/api/ocpp/import?name=live.jsonl", token: op, body: part)
            let imported = try #require(r.object["imported"] as? [String: Any], "\(r.body)")
            let read = try #require((imported["log"] as? [String: Any])?["lines"] as? Int)
            #expect(read == cut && read > last)
            last = read
        }
        // A last line without its newline waits for the next upload, with a warning naming the upload and the line.
        let whole = try await s.request("POST", "/api/ocpp/import?name=live.jsonl", token: op, body: String(text.dropLast()))
        #expect(whole.status == 200, "\(whole.body)")
        let warnings = whole.object["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.hasPrefix("upload:live.jsonl:") }, "\(warnings)")
        #expect(try await s.request("POST", "/api/ocpp/import?name=live.jsonl", token: op, body: text).status == 200)

        let cli = try Self.commandLineStore(fleet: chargers, importing: 1)
        #expect(try Self.stored(s.store, chargers: chargers) == (try Self.stored(cli, chargers: chargers)))
        #expect(try s.service.verify().ok)
    }

    @Test("chargers not in the fleet: 400 problem naming the upload and the line, nothing stored; skip_unknown drops and counts them")
    func unknownChargers() async throws {
        let text = try Self.text(1), chargers = Self.chargers(text)
        let s = try await Self.server(fleet: Array(chargers.dropFirst()))
        defer { Task { await s.stop() } }
        let op = try s.token("olga", "operator")
        let entries = try s.history().count
        let refused = try await s.request("POST", "/api/ocpp/import?name=site.jsonl", token: op, body: text)
        #expect(refused.status == 400 && refused.header("Content-Type") == "application/problem+json", "\(refused.body)")
        let detail = refused.object["detail"] as? String ?? ""
        #expect(detail.range(of: #"^upload:site\.jsonl:\d+: "#, options: .regularExpression) != nil, "\(detail)")
        #expect(detail.contains(chargers[0]) && detail.contains("skip"), "\(detail)")
        #expect(try s.history().count == entries)
        #expect(try s.store.metricSummaries().isEmpty)

        let skipped = try await s.request("POST", "/api/ocpp/import?name=site.jsonl&skip_unknown=true", token: op, body: text)
        let imported = try #require(skipped.object["imported"] as? [String: Any], "\(skipped.body)")
        #expect((imported["skipped_unknown"] as? Int ?? 0) > 0 && imported["unknown_chargers"] as? [String] == [chargers[0]])

        let viewer = try s.token("vic", "viewer")
        #expect(try await s.request("POST", "/api/ocpp/import?name=x.jsonl", token: viewer, body: text).status == 403)
        #expect(try await s.request("POST", "/api/ocpp/import", body: text).status == 401)
        let bad = try await s.request("POST", "/api/ocpp/import?name=bad.jsonl", token: op, body: "{\"time\": \"x\"}\n")
        #expect(bad.status == 400 && (bad.object["detail"] as? String ?? "").hasPrefix("upload:bad.jsonl:1"), "\(bad.body)")
    }

    @Test("uploads are journaled as upload:NAME with their digest, never under a temporary path")
    func journaledUnderTheirName() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        let setup = Invocation.simulated(actor: "setup", at: TestServer.t0)
        _ = try s.service.importFleet(csv: Array(Fixtures.fleet.utf8), file: "fleet.csv", as: setup)
        let op = try s.token("olga", "operator"), admin = try s.token("ada", "admin")
        let samples = "time,charger,metric,value\n2026-11-02T10:00:00Z,CP-1,session.started,3\n"
        let metrics = try await s.request("POST", "/api/metrics/import?name=../../etc/week-46.csv", token: op, body: samples)
        #expect(metrics.status == 200 && metrics.object["file"] as? String == "upload:week-46.csv", "\(metrics.body)")
        let badRow = try await s.request("POST", "/api/metrics/import?name=broken.csv", token: op, body: "time,charger,metric,value\nnot-a-time,CP-1,m,1\n")
        #expect(badRow.status == 400 && (badRow.object["detail"] as? String ?? "").hasPrefix("upload:broken.csv:2"), "\(badRow.body)")
        #expect(try await s.request("POST", "/api/fleet/import?name=more.csv", token: admin, body: "id,site\nCP-9,c\n").status == 200)

        let imports = try s.history().compactMap { e -> JournalEvent.MetricsImported? in
            if case let .metricsImported(p) = e.event { p } else { nil }
        }
        let fleets = try s.history().compactMap { e -> String? in
            if case let .fleetImported(p) = e.event { p.file } else { nil }
        }
        #expect(imports.map(\.file) == ["upload:week-46.csv"])
        #expect(imports.first?.digest == metrics.object["digest"] as? String && imports.first?.digest.count == 64)
        #expect(fleets == ["fleet.csv", "upload:more.csv"])
        let journal = try s.history().map { try JournalCoding.payload(of: $0.event) }.joined()
        #expect(!journal.contains(FileManager.default.temporaryDirectory.path) && !journal.contains("migrate-upload-"))
    }
}
