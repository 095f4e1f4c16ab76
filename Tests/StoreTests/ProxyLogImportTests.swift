import Application
import Engine
import Foundation
import Gates
import OCPP
import Store
import Testing

/// What `migrate proxy --import-every` stores: the switch log's outcomes as `route.switch.*` samples
/// (idempotent, grown logs add only what is new, bad lines refuse the log), and a whole log directory —
/// frame logs and switch logs — through the same use cases as `migrate ocpp import`.
@Suite struct ProxyLogImportTests {
    static let switchMetrics = ["route.switch.requested", "route.switch.completed", "route.switch.failed", "route.switch.cancelled"]
    static let day = EvidenceWindow(start: Date(timeIntervalSince1970: 1_788_220_800), end: Date(timeIntervalSince1970: 1_788_307_200))

    static func line(_ time: String, _ charger: String, _ event: String) -> String {
        "{\"time\":\"2026-09-01T\(time)Z\",\"charger\":\"\(charger)\",\"switch\":\"\(event)\",\"from\":\"legacy\",\"to\":\"target\"}\n"
    }

    static func store() throws -> TemporaryStore {
        let t = try TemporaryStore()
        _ = try t.service.importFleet(csv: Array("id,site\nCP-1,s1\nCP-2,s1\nCP-3,s1\n".utf8), file: "fleet.csv", as: t.by())
        return t
    }

    static func totals(_ t: TemporaryStore) throws -> [String: SampleTotals] {
        try t.store.totalsByCharger(of: switchMetrics, chargers: ["CP-1", "CP-2", "CP-3"], window: day)
    }

    static func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test func switchOutcomesBecomeSamplesPerChargerAtTheirTime() throws {
        let t = try Self.store()
        let path = t.directory.appendingPathComponent("switches-1.jsonl").path
        try (Self.line("10:00:00.000", "CP-1", "requested") + Self.line("10:00:00.000", "CP-2", "requested")
             + Self.line("10:00:00.000", "CP-3", "requested") + Self.line("10:00:00.050", "CP-1", "closed")
             + Self.line("10:00:01.200", "CP-1", "done") + Self.line("10:10:00.000", "CP-2", "failed")
             + Self.line("10:00:05.000", "CP-3", "cancelled")).write(toFile: path, atomically: true, encoding: .utf8)
        let report = try #require(try t.service.importSwitchLog(path: path, skipUnknown: false, as: t.by()).imported)
        #expect(report.samples == 7, "3 requested, completed + failed 0 for CP-1, failed 1 for CP-2, cancelled for CP-3")
        let totals = try Self.totals(t)
        #expect(totals["CP-1"]?.sums == ["route.switch.requested": 1, "route.switch.completed": 1, "route.switch.failed": 0])
        #expect(totals["CP-2"]?.sums == ["route.switch.requested": 1, "route.switch.failed": 1])
        #expect(totals["CP-3"]?.sums == ["route.switch.requested": 1, "route.switch.cancelled": 1])
        // route.switch.failed: one sample per decided switch (its mean is the failure rate).
        #expect(totals.values.reduce(0) { $0 + ($1.counts["route.switch.failed"] ?? 0) } == 2)
        #expect(try t.store.verify().problem == nil)
    }

    @Test func theSameLogAgainChangesNothingAndAGrownLogAddsOnlyWhatIsNew() throws {
        let t = try Self.store()
        let path = t.directory.appendingPathComponent("switches-1.jsonl").path
        // The recorder is still writing the last line: it is left for the next import.
        try (Self.line("10:00:00.000", "CP-1", "requested") + "{\"time\":\"2026-09-01T10:00:01").write(toFile: path, atomically: true, encoding: .utf8)
        let first = try t.service.importSwitchLog(path: path, skipUnknown: false, as: t.by())
        #expect(first.imported?.samples == 1)
        #expect(first.warnings.map(\.line) == [2])
        let head = try t.store.journalHead()
        let again = try #require(try t.service.importSwitchLog(path: path, skipUnknown: false, as: t.by()).imported)
        #expect(again.alreadyImported)
        #expect(try t.store.journalHead() == head, "nothing journaled")
        // The last line completed, and more: a second request of CP-1 at the very same instant sums with the first.
        try Self.append(".000Z\",\"charger\":\"CP-2\",\"switch\":\"requested\"}\n" + Self.line("10:00:00.000", "CP-1", "requested")
                        + Self.line("10:00:02.000", "CP-2", "done"), to: path)
        let grown = try #require(try t.service.importSwitchLog(path: path, skipUnknown: false, as: t.by()).imported)
        #expect(!grown.alreadyImported)
        #expect(grown.samples == 3 && grown.replaced == 1, "\(grown)")
        let totals = try Self.totals(t)
        #expect(totals["CP-1"]?.sums == ["route.switch.requested": 2])
        #expect(totals["CP-1"]?.counts == ["route.switch.requested": 1], "one sample at that instant, the sum")
        #expect(totals["CP-2"]?.sums == ["route.switch.requested": 1, "route.switch.completed": 1, "route.switch.failed": 0])
        #expect(try t.store.verify().problem == nil)
    }

    @Test func aBadLineRefusesTheWholeLogNamingTheLine() throws {
        let t = try Self.store()
        let path = t.directory.appendingPathComponent("switches-1.jsonl").path
        try (Self.line("10:00:00.000", "CP-1", "requested") + Self.line("10:00:01.000", "CP-1", "teleported"))
            .write(toFile: path, atomically: true, encoding: .utf8)
        let head = try t.store.journalHead()
        #expect { try t.service.importSwitchLog(path: path, skipUnknown: false, as: t.by()) } throws: { error in
            "\(error)".contains("switches-1.jsonl:2: `switch` must be one of cancelled, closed, done, failed, requested")
        }
        #expect(try t.store.journalHead() == head, "nothing stored, nothing journaled")
        #expect(try Self.totals(t).isEmpty)
    }

    @Test func aRewrittenLogIsRefused() throws {
        let t = try Self.store()
        let path = t.directory.appendingPathComponent("switches-1.jsonl").path
        try (Self.line("10:00:00.000", "CP-1", "requested") + Self.line("10:00:01.000", "CP-1", "done"))
            .write(toFile: path, atomically: true, encoding: .utf8)
        _ = try t.service.importSwitchLog(path: path, skipUnknown: false, as: t.by())
        try (Self.line("10:00:00.000", "CP-1", "requested") + Self.line("10:00:01.000", "CP-1", "failed"))
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try t.service.importSwitchLog(path: path, skipUnknown: false, as: t.by()) } throws: { "\($0)".contains("not that log grown") }
    }

    @Test func aLogDirectoryIsImportedFileByFileAndOnlyWhatChanged() throws {
        let t = try TemporaryStore()
        let fixture = OCPPImportTests.log(1)
        let chargers = try OCPPImportTests.kpis(fixture).chargers
        let csv = (["id,site"] + chargers.map { "\($0),s1" }).joined(separator: "\n")
        _ = try t.service.importFleet(csv: Array(csv.utf8), file: "fleet.csv", as: t.by())
        let directory = t.directory.appendingPathComponent("proxy-log")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let frames = directory.appendingPathComponent("frames-20260901T000000Z-000001.jsonl").path
        try FileManager.default.copyItem(atPath: fixture, toPath: frames)
        let switches = directory.appendingPathComponent("switches-20260901T000000Z-000001.jsonl").path
        try Self.line("10:00:00.000", chargers[0], "requested").write(toFile: switches, atomically: true, encoding: .utf8)
        try "not a log of the proxy".write(to: directory.appendingPathComponent("proxy-state.json"), atomically: true, encoding: .utf8)

        var importer = ProxyLogImporter(directory: directory.path)
        let first = importer.importNew(into: t.service, as: t.by())
        #expect(first.failed.isEmpty, "\(first.failed)")
        #expect(first.imported.map { URL(fileURLWithPath: $0.file).lastPathComponent }
                == ["frames-20260901T000000Z-000001.jsonl", "switches-20260901T000000Z-000001.jsonl"])
        // The frame log's KPIs are exactly what `ocpp import` of the file stores.
        let byHand = try TemporaryStore()
        _ = try byHand.service.importFleet(csv: Array(csv.utf8), file: "fleet.csv", as: byHand.by())
        _ = try byHand.service.importOCPPLog(path: fixture, skipUnknown: false, as: byHand.by())
        let expected = try OCPPImportTests.kpis(fixture)
        #expect(try OCPPImportTests.stored(t.store, chargers: chargers, days: expected.days)
                == OCPPImportTests.stored(byHand.store, chargers: chargers, days: expected.days))

        let head = try t.store.journalHead()
        let second = importer.importNew(into: t.service, as: t.by())
        #expect(second.imported.isEmpty && second.failed.isEmpty)
        #expect(try t.store.journalHead() == head, "unchanged files are not read, nothing journaled")

        try Self.append(Self.line("10:00:02.000", chargers[0], "done"), to: switches)
        let third = importer.importNew(into: t.service, as: t.by())
        #expect(third.imported.map { URL(fileURLWithPath: $0.file).lastPathComponent } == ["switches-20260901T000000Z-000001.jsonl"])
        #expect(third.imported.first?.imported?.samples == 2)
        // A new importer (a restarted proxy) reads every file again and stores nothing twice.
        var restarted = ProxyLogImporter(directory: directory.path)
        let fourth = restarted.importNew(into: t.service, as: t.by())
        #expect(fourth.imported.isEmpty && fourth.failed.isEmpty)
        #expect(try t.store.verify().problem == nil)
    }
    static func frame(_ time: String, _ from: String, _ frame: String) -> String {
        "{\"time\":\"2026-09-01T\(time)Z\",\"charger\":\"CP-1\",\"from\":\"\(from)\",\"backend\":\"legacy\",\"frame\":\(frame)}\n"
    }

    @Test func aGrownLogThatDecidedNothingJournalsNothing() throws {
        let t = try Self.store()
        let directory = t.directory.appendingPathComponent("proxy-log")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let frames = directory.appendingPathComponent("frames-20260901T000000Z-000001.jsonl").path
        let switches = directory.appendingPathComponent("switches-20260901T000000Z-000001.jsonl").path
        try "{\"time\":\"2026-09-01T10:00:00.000Z\",\"charger\":\"CP-1\",\"event\":\"connected\",\"subprotocol\":\"ocpp1.6\",\"backend\":\"legacy\"}\n"
            .write(toFile: frames, atomically: true, encoding: .utf8)
        try Self.line("10:00:00.000", "CP-1", "requested").write(toFile: switches, atomically: true, encoding: .utf8)
        var importer = ProxyLogImporter(directory: directory.path)
        #expect(importer.importNew(into: t.service, as: t.by()).imported.count == 2)
        let head = try t.store.journalHead()

        // Both logs grow by lines that decide no sample: a heartbeat and its answer, a BootNotification still
        // awaiting its answer, a switch's `closed` step.
        try Self.append(Self.frame("10:00:01.000", "charger", "[2,\"h1\",\"Heartbeat\",{}]")
                        + Self.frame("10:00:01.010", "csms", "[3,\"h1\",{\"currentTime\":\"2026-09-01T10:00:01Z\"}]")
                        + Self.frame("10:00:02.000", "charger", "[2,\"b1\",\"BootNotification\",{\"chargePointModel\":\"M\",\"chargePointVendor\":\"V\"}]"),
                        to: frames)
        try Self.append(Self.line("10:00:00.050", "CP-1", "closed"), to: switches)
        let idle = importer.importNew(into: t.service, as: t.by())
        #expect(idle.imported.isEmpty && idle.failed.isEmpty, "\(idle.imported.map(\.file)) \(idle.failed)")
        #expect(try t.store.journalHead() == head, "nothing new: nothing journaled")
        #expect(importer.importNew(into: t.service, as: t.by()).imported.isEmpty, "and the same files are not read again")

        // The boot's answer comes: the next import reads on from the last journaled position and decides it, once.
        try Self.append(Self.frame("10:00:02.020", "csms", "[3,\"b1\",{\"status\":\"Accepted\",\"currentTime\":\"2026-09-01T10:00:02Z\",\"interval\":300}]"),
                        to: frames)
        try Self.append(Self.line("10:00:03.000", "CP-1", "done"), to: switches)
        let decided = importer.importNew(into: t.service, as: t.by())
        #expect(decided.imported.count == 2, "\(decided.failed)")
        #expect(try t.store.journalHead() == head + 2, "one entry per log")
        let byHand = try Self.store()
        _ = try byHand.service.importOCPPLog(path: frames, skipUnknown: false, as: byHand.by())
        _ = try byHand.service.importSwitchLog(path: switches, skipUnknown: false, as: byHand.by())
        let metrics = Self.switchMetrics + ["boot.accepted", "connection.established"]
        let stored = try t.store.totalsByCharger(of: metrics, chargers: ["CP-1"], window: Self.day)
        #expect(stored == (try byHand.store.totalsByCharger(of: metrics, chargers: ["CP-1"], window: Self.day)))
        #expect(stored["CP-1"]?.sums["boot.accepted"] == 1)
        #expect(try t.store.verify().problem == nil)
    }
    /// docs/proxy.md, "Recording": files are logs of their own; a CALL in flight when a new file starts is
    /// undecided in its file (neither answered nor unanswered) and its answer, in the next, counts for nothing.
    @Test func aCallAnsweredAcrossARotationIsUndecidedAndItsAnswerCountsForNothing() throws {
        let t = try Self.store()
        let directory = t.directory.appendingPathComponent("proxy-log")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let first = directory.appendingPathComponent("frames-20260901T000000Z-000001.jsonl").path
        let next = directory.appendingPathComponent("frames-20260901T100000Z-000002.jsonl").path
        try ("{\"time\":\"2026-09-01T10:00:00.000Z\",\"charger\":\"CP-1\",\"event\":\"connected\",\"subprotocol\":\"ocpp1.6\",\"backend\":\"legacy\"}\n"
             + Self.frame("10:00:00.500", "charger", "[2,\"b1\",\"BootNotification\",{\"chargePointModel\":\"M\",\"chargePointVendor\":\"V\"}]"))
            .write(toFile: first, atomically: true, encoding: .utf8)
        try (Self.frame("10:00:00.520", "csms", "[3,\"b1\",{\"status\":\"Accepted\",\"currentTime\":\"2026-09-01T10:00:00Z\",\"interval\":300}]")
             + Self.frame("10:00:01.000", "charger", "[2,\"s1\",\"StatusNotification\",{\"connectorId\":1,\"errorCode\":\"GroundFailure\",\"status\":\"Faulted\"}]")
             + Self.frame("10:00:01.010", "csms", "[3,\"s1\",{}]"))
            .write(toFile: next, atomically: true, encoding: .utf8)
        var importer = ProxyLogImporter(directory: directory.path)
        let pass = importer.importNew(into: t.service, as: t.by())
        #expect(pass.failed.isEmpty, "\(pass.failed)")
        #expect(pass.imported.first?.imported?.log?.undecidedCalls == 1, "the boot is undecided in the first file")
        #expect(pass.imported.last?.warnings.contains { $0.line == 1 && $0.message.contains("answers no open CALL") } == true)
        let totals = try t.store.totalsByCharger(of: ["boot.accepted", "boot.rejected", "connection.established", "status.faulted"],
                                                 chargers: ["CP-1"], window: Self.day)
        #expect(totals["CP-1"]?.sums == ["connection.established": 1, "status.faulted": 1], "the boot counts neither way")
    }
}
