import Foundation
import OCPP
import Testing

/// Broken and hostile logs: each problem is an error naming the file and line, nothing is counted, and no
/// input crashes the reader.
@Suite struct HostileLogTests {
    static let connected = #"{"time":"2026-09-01T10:00:00.000Z","charger":"A","event":"connected","subprotocol":"ocpp1.6"}"#
    static let boot = #"{"time":"2026-09-01T10:00:01.000Z","charger":"A","from":"charger","frame":[2,"1","BootNotification",{"chargePointModel":"M","chargePointVendor":"V"}]}"#

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var line: String
        var message: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "not JSON", line: "this is not json", message: "not JSON"),
        Case(name: "JSON cut short", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A","#, message: "not JSON"),
        Case(name: "trailing garbage", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A","event":"connected","subprotocol":"ocpp1.6"} x"#, message: "not JSON"),
        Case(name: "an array, not an object", line: #"[2,"1","Heartbeat",{}]"#, message: "a record is a JSON object"),
        Case(name: "empty line", line: "", message: "empty line"),
        Case(name: "no time", line: #"{"charger":"A","event":"connected","subprotocol":"ocpp1.6"}"#, message: "no `time`"),
        Case(name: "time not ISO", line: #"{"time":"yesterday","charger":"A","event":"connected","subprotocol":"ocpp1.6"}"#, message: "not an ISO 8601"),
        Case(name: "time without zone", line: #"{"time":"2026-09-01T10:00:02","charger":"A","event":"connected","subprotocol":"ocpp1.6"}"#, message: "not an ISO 8601"),
        Case(name: "no charger", line: #"{"time":"2026-09-01T10:00:02.000Z","event":"connected","subprotocol":"ocpp1.6"}"#, message: "no `charger`"),
        Case(name: "empty charger", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"","event":"connected","subprotocol":"ocpp1.6"}"#, message: "non-empty string"),
        Case(name: "frame and event", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A","event":"connected","from":"charger","frame":[2,"1","Heartbeat",{}]}"#, message: "both `frame` and `event`"),
        Case(name: "neither", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A"}"#, message: "neither `frame` nor `event`"),
        Case(name: "unknown event", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A","event":"rebooted"}"#, message: "is not `connected` or `disconnected`"),
        Case(name: "unknown subprotocol", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A","event":"connected","subprotocol":"ocpp2.1"}"#, message: "ocpp2.1"),
        Case(name: "unknown initiator", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A","event":"disconnected","initiator":"god"}"#, message: "not charger, csms, network or router"),
        Case(name: "no from", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A","frame":[2,"1","Heartbeat",{}]}"#, message: "needs `from`"),
        Case(name: "frame not an array", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A","from":"charger","frame":{"a":1}}"#, message: "must be an OCPP-J message array"),
        Case(name: "CALL of three elements", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A","from":"charger","frame":[2,"1","Heartbeat"]}"#, message: "a CALL frame must be"),
        Case(name: "CALL with a numeric id", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A","from":"charger","frame":[2,1,"Heartbeat",{}]}"#, message: "a CALL frame must be"),
        Case(name: "CALLRESULT with a list payload", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A","from":"csms","frame":[3,"1",[]]}"#, message: "a CALLRESULT frame must be"),
        Case(name: "CALLERROR without details", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A","from":"csms","frame":[4,"1","InternalError","x"]}"#, message: "a CALLERROR frame must be"),
        Case(name: "unknown message type", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A","from":"csms","frame":[6,"1","NotifyX",{}]}"#, message: "unknown message type 6"),
        Case(name: "message type as text", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A","from":"csms","frame":["2","1","Heartbeat",{}]}"#, message: "unknown message type"),
        Case(name: "duplicate key", line: #"{"time":"2026-09-01T10:00:02.000Z","time":"2026-09-01T10:00:03.000Z","charger":"A","event":"connected","subprotocol":"ocpp1.6"}"#, message: "appears twice"),
        Case(name: "out of time order", line: #"{"time":"2026-09-01T09:59:59.000Z","charger":"A","from":"charger","frame":[2,"2","Heartbeat",{}]}"#, message: "out of time order"),
        Case(name: "control character in a string", line: "{\"time\":\"2026-09-01T10:00:02.000Z\",\"charger\":\"A\u{01}\",\"event\":\"connected\",\"subprotocol\":\"ocpp1.6\"}", message: "control character"),
        Case(name: "bad escape", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A\q","event":"connected","subprotocol":"ocpp1.6"}"#, message: "unknown escape"),
        // Found by fuzz-ocpp: the message quoted the raw byte after the backslash, a NUL here; it names it instead.
        Case(name: "control byte after a backslash", line: "{\"time\":\"2026-09-01T10:00:02.000Z\",\"charger\":\"A\\\u{00}\",\"event\":\"connected\",\"subprotocol\":\"ocpp1.6\"}", message: "unknown escape \\ followed by byte 0x0"),
        Case(name: "deep nesting", line: #"{"time":"2026-09-01T10:00:02.000Z","charger":"A","from":"charger","frame":[2,"1","DataTransfer",{"d":"# + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "}]}", message: "nested deeper than"),
    ]

    @Test(arguments: cases)
    func aBrokenLineIsAnErrorNamingFileAndLine(_ c: Case) throws {
        let bytes = log([Self.connected, Self.boot, c.line, Self.boot.replacingOccurrences(of: "10:00:01", with: "10:00:05")])
        let failure = try #require(throws: FrameLogFailure.self) { try samples(bytes, file: "bad.jsonl") }
        let problem = try #require(failure.problems.first)
        #expect(problem.file == "bad.jsonl")
        #expect(problem.line == 3)
        #expect(problem.message.contains(c.message), "\(problem)")
        #expect(!problem.message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "one printable line: \(problem)")
        #expect(failure.problems.count == 1, "\(failure.problems)")
    }

    @Test func invalidUTF8IsNamed() throws {
        var bytes = log([Self.connected])
        bytes += Array(#"{"time":"2026-09-01T10:00:02.000Z","charger":"A"#.utf8) + [0xFF, 0xFE] + Array(#"","event":"disconnected","initiator":"network"}"#.utf8) + [0x0A]
        bytes += Array(#"{"time":"2026-09-01T10:00:03.000Z","charger":"A"#.utf8) + [0xED, 0xA0, 0x80] + Array(#"","event":"connected","subprotocol":"ocpp1.6"}"#.utf8) + [0x0A]
        let failure = try #require(throws: FrameLogFailure.self) { try samples(bytes, file: "utf8.jsonl") }
        #expect(failure.problems.map(\.line) == [2, 3])
        #expect(failure.problems.allSatisfy { $0.message.contains("invalid UTF-8") } == true, "\(failure.problems)")
    }

    /// A line over the limit is refused without buffering more than the limit (plus one read chunk).
    @Test func aHugeLineIsRefusedAtTheLimit() throws {
        let huge = #"{"time":"2026-09-01T10:00:02.000Z","charger":"A","from":"charger","frame":[2,"1","DataTransfer",{"data":""# + String(repeating: "x", count: 3000) + "\"}]}"
        let failure = try #require(throws: FrameLogFailure.self) {
            var sink = SampleCollector()
            _ = try FrameLog.count(file: "huge.jsonl", source: MemoryByteSource(log([Self.connected, huge, Self.boot])), into: &sink, maxLineBytes: 1024)
        }
        #expect(failure.problems.first?.line == 2)
        #expect(failure.problems.first?.message.contains("longer than 1024 bytes") == true)
        // The same with no newline at all: the limit is found before the end of the input.
        let endless = try #require(throws: FrameLogFailure.self) {
            var sink = SampleCollector()
            _ = try FrameLog.count(file: "endless.jsonl", source: MemoryByteSource(Array(repeating: 0x20, count: 5000)), into: &sink, maxLineBytes: 1024)
        }
        #expect(endless.problems.first?.line == 1)
    }

    /// A log still being written: the last line without its newline is left out, with a warning.
    @Test func aTruncatedLastLineIsAWarningAndAStop() throws {
        var bytes = log([Self.connected, Self.boot])
        bytes += Array(#"{"time":"2026-09-01T10:00:02.000Z","charger":"A","from":"csms","frame":[3,"1",{"status":"Acc"#.utf8)
        let (samples, summary) = try samples(bytes, file: "growing.jsonl")
        #expect(summary.lines == 2)
        #expect(summary.truncatedBytes > 0)
        #expect(summary.warnings.map(\.line) == [3])
        #expect(summary.warnings.first?.description.hasPrefix("growing.jsonl:3: warning: the last line has no newline") == true)
        #expect(!samples.contains { $0.metric == .bootAccepted })
        #expect(summary.undecidedCalls == 1)
    }

    /// Every problem of a log is reported (up to a limit), each with its line.
    @Test func everyProblemIsReported() throws {
        let bytes = log([Self.connected, "x", Self.boot, "{}", #"{"time":1}"#])
        let failure = try #require(throws: FrameLogFailure.self) { try samples(bytes, file: "many.jsonl") }
        #expect(failure.problems.map(\.line) == [2, 4, 5])
    }

    /// No input crashes the reader: random bytes and random damage to real lines end in samples or errors.
    @Test func randomDamageNeverCrashes() throws {
        let real = try Fixtures.bytes("peers-seed2.jsonl")
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<1500 {
            var bytes = Array(real.prefix(Int.random(in: 0..<4000, using: &rng)))
            for _ in 0..<Int.random(in: 1...8, using: &rng) where !bytes.isEmpty {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[i] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: i)
                default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: i)
                }
            }
            do { _ = try samples(bytes) } catch let failure as FrameLogFailure {
                #expect(!failure.problems.isEmpty && failure.problems.allSatisfy { $0.line != nil })
            }
        }
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0..<300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = try? samples(bytes)
        }
    }
}
