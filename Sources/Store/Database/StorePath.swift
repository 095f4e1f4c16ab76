import Engine
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What is at a store path before SQLite is asked to open it, so a bad `--db` gets a clear message
/// instead of SQLite's ("could not activate WAL mode", "unable to open database file").
enum StorePath {
    /// How the store at `path` can be opened.
    enum Access: Equatable {
        /// Nothing there yet: it will be created (its directory exists and is writable).
        case create
        /// An existing file that can be read and written, with its directory (WAL needs `-wal` and `-shm` files beside it).
        case readWrite
        /// An existing file that can only be read (or whose directory cannot take the WAL files).
        case readOnly
    }

    static func check(_ path: String) throws -> Access {
        guard !path.isEmpty else { throw StoreError("the store path is empty; give --db PATH (or MIGRATE_DB), e.g. ./migrate.db", kind: .invalidInput) }
        let directory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK, stat(path, &info) != 0 {
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            throw StoreError("the store \(path) is a symbolic link to \(target), which does not exist", kind: .invalidInput)
        }
        guard stat(path, &info) == 0 else {
            var dirInfo = stat()
            guard stat(directory, &dirInfo) == 0, dirInfo.st_mode & S_IFMT == S_IFDIR else {
                throw StoreError("the store \(path) cannot be created: the directory \(directory) does not exist", kind: .invalidInput)
            }
            guard access(directory, W_OK) == 0 else {
                throw StoreError("the store \(path) does not exist and cannot be created: the directory \(directory) is read-only", kind: .invalidInput)
            }
            return .create
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            throw StoreError("the store \(path) is a directory; give a file, e.g. \(path)/migrate.db", kind: .invalidInput)
        case S_IFREG:
            break
        default:
            throw StoreError("the store \(path) is not a regular file (a device, FIFO or socket)", kind: .invalidInput)
        }
        guard access(path, R_OK) == 0 else {
            throw StoreError("the store \(path) cannot be read (permission denied)", kind: .invalidInput)
        }
        let sidecarsWritable = ["-wal", "-shm"].allSatisfy { suffix in
            access(path + suffix, F_OK) == 0 ? access(path + suffix, W_OK) == 0 : access(directory, W_OK) == 0
        }
        return access(path, W_OK) == 0 && sidecarsWritable ? .readWrite : .readOnly
    }
}
