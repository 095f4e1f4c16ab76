import Foundation
import Logging
import Testing
@testable import Proxy

/// The frame log's records, times and files.
struct RecordingTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(1_788_223_086_131), "2026-09-01T00:38:06.131Z"),
        (Int64(951_782_400_000), "2000-02-29T00:00:00.000Z"),
        (Int64(-1), "1969-12-31T23:59:59.999Z"),
    ])
    func timestamps(millis: Int64, text: String) {
        #expect(ISOTimestamp.string(millis: millis) == text)
    }

    @Test func recordsAreOCPPMdLines() throws {
        let m = try OCPPMessage.parse(#"[2,"1","BootNotification",{"chargePointModel":"GL-DUO"}]"#)
        #expect(String(decoding: RecordLine.frame(charger: "RDAM \"1\"", from: .charger, backend: "target", message: m, replayed: true).tail, as: UTF8.self)
                == #""charger":"RDAM \"1\"","from":"charger","backend":"target","replayed":true,"frame":[2,"1","BootNotification",{"chargePointModel":"GL-DUO"}]}"# + "\n")
        #expect(String(decoding: RecordLine.disconnected(charger: "A", initiator: .router, backend: "legacy", reason: "switch").tail, as: UTF8.self)
                == #""charger":"A","event":"disconnected","initiator":"router","backend":"legacy","reason":"switch"}"# + "\n")
    }

    @Test func theRecorderWritesRotatesAndKeepsTimeMonotonic() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recorder-\(UUID().uuidString)")
        let recorder = FrameRecorder(directory: directory.path, maxFileBytes: 400, bufferBytes: 1 << 20, logger: Logger(label: "test"))
        try recorder.start()
        let m = try OCPPMessage.parse(#"[2,"1","Heartbeat",{}]"#)
        for i in 0..<20 { recorder.frame(charger: "CP-\(i)", from: .charger, backend: "legacy", message: m) }
        recorder.connected(charger: "CP-0", subprotocol: "ocpp1.6", backend: "legacy")
        await recorder.stop()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("frames-") }.sorted()
        #expect(files.count > 1, "rotated past 400 bytes")
        let lines = try files.flatMap { try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8).split(separator: "\n") }
        #expect(lines.count == 21)
        let times = lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }.compactMap { $0["time"] as? String }
        #expect(times.count == 21 && times == times.sorted(), "every line is JSON, times never go backwards")
    }

    @Test func aFullQueueDropsAndCountsInsteadOfWaiting() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recorder-\(UUID().uuidString)")
        let recorder = FrameRecorder(directory: directory.path, maxFileBytes: 1 << 20, bufferBytes: 1000, logger: Logger(label: "test"))
        // Not started: nothing drains the queue.
        let m = try OCPPMessage.parse(#"[2,"1","Heartbeat",{}]"#)
        for _ in 0..<50 { recorder.frame(charger: "CP", from: .charger, backend: "legacy", message: m) }
        #expect(recorder.droppedRecords > 0 && recorder.queuedBytes <= 1000)
    }
}
