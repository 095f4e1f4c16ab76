import FuzzDriver
import Playbook

/// The playbook loader on any bytes: it ends in a playbook or in errors with positions, never a crash,
/// and every message is one printable line.
func fuzzPlaybook(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let result = PlaybookLoader.load(data: bytes, file: "fuzz.yaml")
    precondition((result.playbook != nil) != !result.errors.isEmpty, "a playbook and errors, or neither")
    for d in result.diagnostics {
        precondition(d.position.line >= 1 && d.position.column >= 1, "\(d)")
        precondition(!d.message.unicodeScalars.contains { TextRules.isForbidden($0) }, "a message with a control character: \(d)")
    }
    return 0
}

runFuzzer { data, size in fuzzPlaybook(data ?? UnsafePointer(bitPattern: 1)!, size) }
