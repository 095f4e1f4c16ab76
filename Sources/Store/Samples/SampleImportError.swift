import Engine

/// Why a metrics file was not imported: the file, the line (when one is to blame) and the reason.
/// Nothing of the file is stored when this is thrown.
public struct SampleImportError: KindedError, Equatable, CustomStringConvertible {
    /// A sample file the import refuses is bad input (exit 1, HTTP 400).
    public var kind: ErrorKind { .invalidInput }
    public var file: String
    /// 1-based line, nil when the file as a whole is at fault.
    public var line: Int?
    public var reason: String

    public init(file: String, line: Int?, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// `FILE:LINE: reason` (or `FILE: reason`), then that nothing was imported.
    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return "\(place): \(reason); nothing of \(file) was imported"
    }
}
