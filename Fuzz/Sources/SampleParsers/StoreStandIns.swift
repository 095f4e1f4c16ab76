/// Stand-ins for the two Store types the sample parsers name; the rest of Store (GRDB) is not built here.
/// They must match what the parsers use of them: floor division, and an error with a message.
enum SampleWriter {
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}

struct StoreError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
