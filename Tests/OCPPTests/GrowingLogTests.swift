import Foundation
import OCPP
import Testing

/// A log read when it had N complete lines and again when it has grown: the samples of the first read plus
/// the changes of the second are exactly the samples of the whole log, cut anywhere.
@Suite struct GrowingLogTests {
    struct Key: Hashable {
        var time: Int64
        var charger: String
        var metric: KPIMetric
    }

    static func keyed(_ samples: [KPISample]) -> [Key: Double] {
        var out: [Key: Double] = [:]
        for s in samples {
            let key = Key(time: s.time, charger: s.charger, metric: s.metric)
            #expect(out[key] == nil, "two samples for \(key)")
            out[key] = s.value
        }
        return out
    }

    /// The first read of `prefix`: its samples and checkpoint.
    static func firstRead(_ prefix: [UInt8]) throws -> ([KPISample], FrameLogSummary) {
        var reading = FrameLogReading(file: "grow.jsonl", source: MemoryByteSource(prefix), digest: SHA256Digest())
        var collector = SampleCollector()
        while reading.step(into: &collector) {}
        let summary = try reading.finish(into: &collector)
        return (collector.samples, summary)
    }

    /// Checks first read + changes == whole for a cut after `cut` bytes; returns what the cut looked like.
    @discardableResult
    static func check(_ bytes: [UInt8], cut: Int, whole: [Key: Double]) throws -> (undecided: Int, replaced: Int) {
        let (first, summary) = try firstRead(Array(bytes[..<cut]))
        var merged = keyed(first)
        let delta = try GrowingLog.delta(file: "grow.jsonl", source: MemoryByteSource(bytes), since: summary.checkpoint, digest: SHA256Digest())
        var replaced = 0
        for change in delta.changes {
            let key = Key(time: change.sample.time, charger: change.sample.charger, metric: change.sample.metric)
            #expect(merged[key] == change.replaces, "cut at \(cut): \(key) was \(String(describing: merged[key])), the change says \(String(describing: change.replaces))")
            if change.replaces != nil { replaced += 1 }
            merged[key] = change.sample.value
        }
        #expect(merged == whole, "cut at byte \(cut) (line \(summary.lines)): first read + changes ≠ whole log")
        return (summary.undecidedCalls, replaced)
    }

    /// Every line boundary of a real-peer log: mid-transaction, CALLs open before and after their deadline,
    /// connections open and just closed, several records at one instant.
    @Test func everyLineBoundaryOfARealLog() throws {
        let bytes = try Fixtures.bytes("peers-seed2.jsonl")
        let whole = Self.keyed(try samples(bytes).0)
        var cuts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { cuts.append(i + 1) }
        var withUndecided = 0
        for cut in cuts {
            let (undecided, _) = try Self.check(bytes, cut: cut, whole: whole)
            if undecided > 0 { withUndecided += 1 }
        }
        // (A grown log adding to a sample of the cut's instant is rare in real traffic: deadlinesAndTheLastInstant has one.)
        #expect(withUndecided > 10, "cuts with a CALL open whose deadline had not passed: \(withUndecided)")
    }

    /// Cuts in the middle of a line: the first read stops before it (a warning), the second reads it whole.
    @Test func cutsInsideALine() throws {
        let bytes = try Fixtures.bytes("peers-seed1.jsonl")
        let whole = Self.keyed(try samples(bytes).0)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<60 {
            try Self.check(bytes, cut: Int.random(in: 1..<bytes.count, using: &rng), whole: whole)
        }
    }

    /// The explicit cases: a CALL open at the cut whose deadline has passed (decided in the first read) and
    /// one whose deadline has not (decided by the grown log), and events at the instant of the cut.
    @Test func deadlinesAndTheLastInstant() throws {
        let lines = [
            #"{"time":"2026-09-01T10:00:00.000Z","charger":"A","event":"connected","subprotocol":"ocpp1.6"}"#,
            #"{"time":"2026-09-01T10:00:01.000Z","charger":"A","from":"csms","frame":[2,"r1","RemoteStartTransaction",{"idTag":"T1"}]}"#,
            #"{"time":"2026-09-01T10:00:40.000Z","charger":"A","from":"csms","frame":[2,"r2","RemoteStartTransaction",{"idTag":"T2"}]}"#,
            #"{"time":"2026-09-01T10:00:45.000Z","charger":"A","from":"charger","frame":[4,"x","InternalError","",{}]}"#,
            #"{"time":"2026-09-01T10:00:45.000Z","charger":"A","from":"charger","frame":[4,"y","InternalError","",{}]}"#,
            #"{"time":"2026-09-01T10:01:30.000Z","charger":"A","from":"charger","frame":[2,"1","Heartbeat",{}]}"#,
        ]
        let bytes = log(lines)
        let whole = Self.keyed(try samples(bytes).0)
        // After line 4: r1's deadline (10:00:31) has passed → decided; r2's (10:01:10) has not → undecided.
        let cut = Array(log(Array(lines.prefix(4)))).count
        let (first, summary) = try Self.firstRead(Array(bytes[..<cut]))
        #expect(summary.undecidedCalls == 1)
        #expect(first.contains(KPISample(time: Timestamp.parse("2026-09-01T10:00:31Z")!, charger: "A", metric: .sessionAttempted, value: 1)))
        let (_, replaced) = try Self.check(bytes, cut: cut, whole: whole)
        #expect(replaced == 1, "the second CALLERROR at 10:00:45 adds to the first read's call.error sample of that instant")
    }

    @Test func aDifferentLogIsNotTakenForTheGrownOne() throws {
        let bytes = try Fixtures.bytes("peers-seed2.jsonl")
        let cut = bytes.firstIndex(of: 0x0A)! + 1
        let (_, summary) = try Self.firstRead(Array(bytes[..<(cut * 3)]))
        var changed = bytes
        changed[cut + 20] = changed[cut + 20] == 0x31 ? 0x32 : 0x31
        #expect(throws: GrowingLogError.self) {
            _ = try GrowingLog.delta(file: "x", source: MemoryByteSource(changed), since: summary.checkpoint, digest: SHA256Digest())
        }
        #expect(throws: GrowingLogError.self) {
            _ = try GrowingLog.delta(file: "x", source: MemoryByteSource(Array(bytes[..<cut])), since: summary.checkpoint, digest: SHA256Digest())
        }
    }
}
