import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a whole file the way a user expects `--output FILE` to: atomically, and never destroying
/// what was at the path.
///
/// - A regular file (or none) at the path: the bytes go to a temporary file in the same directory,
///   are flushed to disk, and the temporary file is renamed over the path, so a reader sees the old
///   file or the new one, never half of one. An existing file's permission bits are kept; a new file
///   gets 0666 less the umask.
/// - A symbolic link: followed (through any chain of links) and its final target written as above;
///   the link stays a link. A link whose target does not exist is refused: writing would create a
///   file somewhere the user did not name.
/// - A directory, a FIFO, a device, a socket: refused, untouched, with a message saying what it is.
/// - A missing parent directory: refused (nothing is created).
public enum SafeFileWriter {
    /// Writes `data` to `path`.
    public static func write(_ data: Data, to path: String) throws(FileWriteError) {
        guard !path.isEmpty else { throw FileWriteError(path: path, problem: "is empty; give a file name") }
        let target = try resolve(path)
        var existing = stat()
        let exists = lstat(target, &existing) == 0
        if exists {
            if let kind = FileKind(mode: existing.st_mode), kind != .regular {
                throw FileWriteError(path: path, problem: kind.refusal(resolved: target == path ? nil : target))
            }
        } else if errno != ENOENT {
            throw FileWriteError(path: path, problem: "cannot be examined: \(String(cString: strerror(errno)))")
        }
        let directory = (target as NSString).deletingLastPathComponent
        let dirPath = directory.isEmpty ? "." : directory
        var dirInfo = stat()
        guard stat(dirPath, &dirInfo) == 0 else {
            throw FileWriteError(path: path, problem: "cannot be written: the directory \(dirPath) does not exist")
        }
        guard FileKind(mode: dirInfo.st_mode) == .directory else {
            throw FileWriteError(path: path, problem: "cannot be written: \(dirPath) is not a directory")
        }
        let mode: mode_t = exists ? existing.st_mode & 0o7777 : 0o666 & ~currentUmask()
        try TemporaryFile.replace(target, in: dirPath, with: data, mode: mode, owner: exists ? existing : nil, reportedAs: path)
    }

    /// The path a write lands on: `path` itself, or the final target of the links it goes through.
    static func resolve(_ path: String) throws(FileWriteError) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0 else { return current }
            guard FileKind(mode: info.st_mode) == .symlink else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length >= 0 else {
                throw FileWriteError(path: path, problem: "is a symbolic link that cannot be read: \(String(cString: strerror(errno)))")
            }
            let link = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let base = (current as NSString).deletingLastPathComponent
            let next = link.hasPrefix("/") || base.isEmpty ? link : base + "/" + link
            var targetInfo = stat()
            if lstat(next, &targetInfo) != 0, errno == ENOENT {
                throw FileWriteError(path: path, problem: "is a symbolic link to \(next), which does not exist; refusing to create a file there")
            }
            current = next
        }
        throw FileWriteError(path: path, problem: "is a chain of more than 40 symbolic links (a loop?)")
    }

    private static func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }
}

/// Why `SafeFileWriter` did not write: what the path is and why that stops it.
public struct FileWriteError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path) \(problem)" }
}
