import Foundation
internal import Yams

extension PlaybookLoader {
    enum ReadOutcome {
        case success([UInt8])
        case failure(String)
    }

    /// Reads at most `limit + 1` bytes, so a huge file is refused without being read whole.
    static func readFile(_ path: String, limit: Int) -> ReadOutcome {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure("no such file")
        }
        if isDirectory.boolValue { return .failure("is a directory, not a playbook file") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure("cannot read the file (permission denied?)")
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            if data.count > limit {
                return .failure("the file is larger than \(limit) bytes, the most a playbook may be")
            }
            return .success([UInt8](data))
        } catch {
            return .failure("cannot read the file: \(error.localizedDescription)")
        }
    }

    /// The line and column of the first byte that breaks UTF-8.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> SourcePosition {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar): offset += UTF8.width(scalar)
            case .emptyInput: break loop
            case .error: break loop
            }
        }
        return position(ofByte: min(offset, max(bytes.count - 1, 0)), in: bytes)
    }

    /// 1-based line and column (in characters) of a byte offset.
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> SourcePosition {
        let prefix = bytes[..<min(offset, bytes.count)]
        let line = prefix.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lineStart = prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1
        return SourcePosition(line: line, column: column)
    }

    /// A Yams error as a message and position (the prescan catches nearly all of these first).
    static func describe(_ error: any Error) -> (String, SourcePosition) {
        let start = SourcePosition(line: 1, column: 1)
        guard let yamlError = error as? YamlError else { return ("cannot parse the file: \(error)", start) }
        switch yamlError {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return ("YAML syntax error: \(problem)", SourcePosition(line: mark.line, column: mark.column))
        case let .duplicatedKeysInMapping(duplicates, context):
            return ("duplicate key '\(duplicates.joined(separator: "', '"))'", SourcePosition(line: context.mark.line, column: context.mark.column))
        default:
            return ("cannot parse the file: \(yamlError)", start)
        }
    }
}
