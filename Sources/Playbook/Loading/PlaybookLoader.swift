import Foundation
internal import Yams

/// Reads a playbook file into the typed model, checking every rule of the language.
///
/// Loading never stops at the first problem: it reports every one it can find, each with the line
/// and column it is about, so a migration lead fixes a file in one pass. `playbook` is set exactly
/// when there is no error (warnings don't block). Hostile input (binary, huge, deeply nested,
/// alias bombs, several documents) ends in a diagnostic, never a crash or a hang; see ``LoaderLimits``.
public enum PlaybookLoader {
    /// Loads the playbook at `path`; the diagnostics name `path` as their file.
    public static func load(path: String, limits: LoaderLimits = .default) -> LoadResult {
        switch readFile(path, limit: limits.maxBytes) {
        case let .success(bytes):
            return load(data: bytes, file: path, limits: limits)
        case let .failure(message):
            return failure(message, file: path, at: .init(line: 1, column: 1))
        }
    }

    /// Loads a playbook from raw bytes, which must be UTF-8.
    public static func load(data: [UInt8], file: String, limits: LoaderLimits = .default) -> LoadResult {
        if data.count > limits.maxBytes {
            return failure("the file is \(data.count) bytes; a playbook may be at most \(limits.maxBytes) bytes", file: file, at: .init(line: 1, column: 1))
        }
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            return failure("the file is UTF-16 text; save it as UTF-8", file: file, at: .init(line: 1, column: 1))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return failure("the file is not UTF-8 text (first bad byte here)", file: file, at: firstInvalidUTF8(data))
        }
        return loadChecked(text: text, bytes: data, file: file, limits: limits)
    }

    /// Loads a playbook from text already in memory (an editor buffer, a test).
    public static func load(text: String, file: String, limits: LoaderLimits = .default) -> LoadResult {
        let bytes = Array(text.utf8)
        if bytes.count > limits.maxBytes {
            return failure("the file is \(bytes.count) bytes; a playbook may be at most \(limits.maxBytes) bytes", file: file, at: .init(line: 1, column: 1))
        }
        return loadChecked(text: text, bytes: bytes, file: file, limits: limits)
    }

    private static func loadChecked(text: String, bytes: [UInt8], file: String, limits: LoaderLimits) -> LoadResult {
        // A UTF-8 byte order mark is invisible to the writer: drop it so it is neither content nor a column.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return loadChecked(text: String(text.unicodeScalars.dropFirst()), bytes: Array(bytes.dropFirst(3)), file: file, limits: limits)
        }
        if let zero = bytes.firstIndex(of: 0) {
            return failure("the file contains a NUL byte; it is not a text file", file: file, at: position(ofByte: zero, in: bytes))
        }
        let (findings, hasDocument) = YAMLPrescan(limits: limits).scan(bytes)
        if !findings.isEmpty {
            let diagnostics = findings.map { Diagnostic(.error, $0.message, file: file, at: $0.position) }
            return LoadResult(playbook: nil, diagnostics: diagnostics)
        }
        guard hasDocument else {
            return failure(emptyFile, file: file, at: .init(line: 1, column: 1))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch {
            let (message, at) = describe(error)
            return failure(message, file: file, at: at)
        }
        guard let root else {
            return failure(emptyFile, file: file, at: .init(line: 1, column: 1))
        }
        let decoder = PlaybookDecoder(file: file)
        let playbook = decoder.decodePlaybook(root)
        var diagnostics = decoder.sortedDiagnostics
        let hasError = diagnostics.contains { $0.severity == .error }
        if playbook == nil, !hasError {
            // Defensive: every path that drops a part says why; keep the promise of LoadResult anyway.
            diagnostics.append(Diagnostic(.error, "the playbook is incomplete", file: file, at: .init(line: 1, column: 1)))
        }
        return LoadResult(playbook: hasError ? nil : playbook, diagnostics: diagnostics)
    }

    private static let emptyFile = "the file is empty; a playbook needs at least 'playbook', 'version', 'backends', 'from', 'to', 'phases' and 'plans'"

    static func failure(_ message: String, file: String, at position: SourcePosition) -> LoadResult {
        LoadResult(playbook: nil, diagnostics: [Diagnostic(.error, message, file: file, at: position)])
    }
}
