import FuzzDriver
import OCPP

/// The OCPP-J frame-log reader and KPI counter on any bytes: KPIs or errors naming their line, never a crash;
/// every count is a finite, non-negative number and every error message is one printable line.
func fuzzOCPP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var aggregate = KPIAggregate(keepingChargerDays: true)
    do {
        let summary = try FrameLog.count(file: "fuzz.jsonl", source: MemoryByteSource(bytes), into: &aggregate, maxLineBytes: 4096)
        precondition(summary.lines >= 0 && summary.frames >= 0 && summary.undecidedCalls >= 0, "\(summary)")
        for value in aggregate.totals { precondition(value.isFinite && value >= 0, "a total of \(value)") }
        for row in aggregate.perCharger { for value in row { precondition(value.isFinite && value >= 0, "a count of \(value)") } }
    } catch {
        precondition(!error.problems.isEmpty || error.stoppedEarly, "a failure without a problem")
        for problem in error.problems {
            precondition(!problem.message.isEmpty, "an empty message")
            precondition(!problem.message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "a message with a control character: \(problem)")
        }
    }
    return 0
}

runFuzzer { data, size in fuzzOCPP(data ?? UnsafePointer(bitPattern: 1)!, size) }
