#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a path is, from its `stat` mode, named for messages.
enum FileKind: Equatable {
    case regular, directory, symlink, fifo, characterDevice, blockDevice, socket

    init?(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symlink
        case S_IFIFO: self = .fifo
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFSOCK: self = .socket
        default: return nil
        }
    }

    /// Why a write to a path of this kind is refused.
    func refusal(resolved: String?) -> String {
        let via = resolved.map { " (through a link, \($0))" } ?? ""
        switch self {
        case .directory: return "is a directory\(via); give a file name, e.g. \(resolved ?? "DIR")/report.html"
        case .fifo: return "is a FIFO (named pipe)\(via), not a regular file; refusing to replace it (write to standard output and redirect instead)"
        case .characterDevice, .blockDevice: return "is a device\(via), not a regular file; refusing to replace it"
        case .socket: return "is a socket\(via), not a regular file; refusing to replace it"
        case .symlink, .regular: return "cannot be written"
        }
    }
}
