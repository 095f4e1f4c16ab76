import Engine
import Foundation

/// Reads a file a command was given, with an error that says what is wrong with the path.
enum InputFile {
    /// The file's bytes, at most `limit` of them (a reader that checks sizes then sees that it is too big).
    static func read(_ path: String, limit: Int = Int.max) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MigrateError(.notFound, "\(path): no such file", subject: .file(path))
        }
        if isDirectory.boolValue { throw MigrateError.invalid("\(path) is a directory, not a file", subject: .file(path)) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw MigrateError.invalid("cannot read \(path): permission denied or not a regular file", subject: .file(path))
        }
        defer { try? handle.close() }
        do {
            return Array(try handle.read(upToCount: limit) ?? Data())
        } catch {
            throw MigrateError.invalid("cannot read \(path): \(error.localizedDescription)", subject: .file(path))
        }
    }
}
