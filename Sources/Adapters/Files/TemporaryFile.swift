import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary file behind an atomic replace: created beside the target, written, flushed,
/// given the target's mode (and owner, where allowed), renamed over the target; removed on failure.
enum TemporaryFile {
    static func replace(_ target: String, in directory: String, with data: Data, mode: mode_t, owner: stat?,
                        reportedAs path: String) throws(FileWriteError) {
        let name = (target as NSString).lastPathComponent
        var template = Array("\(directory)/.\(name.prefix(100)).migrate-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw FileWriteError(path: path, problem: "cannot be written: cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))")
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        do {
            defer { close(fd) }
            try writeAll(data, to: fd, path: path)
            if let owner { _ = fchown(fd, owner.st_uid, owner.st_gid) }  // only root may; a failure keeps the writer's
            guard fchmod(fd, mode) == 0, fsync(fd) == 0 else {
                throw FileWriteError(path: path, problem: "cannot be written: \(String(cString: strerror(errno)))")
            }
        }
        guard rename(temporary, target) == 0 else {
            throw FileWriteError(path: path, problem: "cannot be written: \(String(cString: strerror(errno)))")
        }
        renamed = true
        let dir = open(directory, O_RDONLY)
        if dir >= 0 {
            _ = fsync(dir)
            close(dir)
        }
    }

    private static func writeAll(_ data: Data, to fd: Int32, path: String) throws(FileWriteError) {
        var failure: Int32 = 0
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure != 0 {
            throw FileWriteError(path: path, problem: "cannot be written: \(String(cString: strerror(failure)))")
        }
    }
}
