@testable import Adapters
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 9, class 2: `--output` never destroys what is at the path: FIFOs, devices, sockets and
/// directories are refused untouched; symbolic links are written through; regular files are
/// replaced atomically with their permissions kept.
@Suite struct SafeFileWriterTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("safe-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func refusal(_ target: String) -> String? {
        do {
            try SafeFileWriter.write(Data("report".utf8), to: target)
            return nil
        } catch {
            return error.description
        }
    }

    func mode(_ p: String) -> mode_t {
        var info = stat()
        _ = lstat(p, &info)
        return info.st_mode
    }

    @Test func aFIFOIsRefusedAndStaysAFIFO() throws {
        let fifo = path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let message = try #require(refusal(fifo))
        #expect(message.contains("is a FIFO (named pipe)") && message.contains("refusing to replace it"), "\(message)")
        #expect(mode(fifo) & S_IFMT == S_IFIFO)
    }

    @Test func aDeviceIsRefused() throws {
        let message = try #require(refusal("/dev/null"))
        #expect(message == "/dev/null is a device, not a regular file; refusing to replace it")
        #expect(mode("/dev/null") & S_IFMT == S_IFCHR)
    }

    @Test func aSocketIsRefused() throws {
        let socketPath = path("sock")
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in socketPath.utf8.prefix(raw.count - 1).enumerated() { raw[i] = b }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        let message = try #require(refusal(socketPath))
        #expect(message.contains("is a socket"), "\(message)")
        #expect(mode(socketPath) & S_IFMT == S_IFSOCK)
    }

    @Test func aDirectoryIsRefusedWithAHint() throws {
        let message = try #require(refusal(dir.path))
        #expect(message.contains("is a directory; give a file name"), "\(message)")
    }

    @Test func aMissingDirectoryIsRefused() throws {
        let message = try #require(refusal(path("nowhere/report.md")))
        #expect(message.contains("the directory \(path("nowhere")) does not exist"), "\(message)")
    }

    @Test func aRegularFileIsReplacedAtomicallyWithItsMode() throws {
        let file = path("report.md")
        try Data("old".utf8).write(to: URL(fileURLWithPath: file))
        #expect(chmod(file, 0o640) == 0)
        var before = stat()
        _ = lstat(file, &before)
        try SafeFileWriter.write(Data("new".utf8), to: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "new")
        #expect(mode(file) & 0o7777 == 0o640)
        var after = stat()
        _ = lstat(file, &after)
        #expect(after.st_ino != before.st_ino, "replaced by rename, not rewritten in place")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".migrate-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func aSymlinkIsWrittenThroughAndStaysALink() throws {
        let target = path("real.md"), link = path("link.md")
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        #expect(symlink("real.md", link) == 0)
        try SafeFileWriter.write(Data("new".utf8), to: link)
        #expect(mode(link) & S_IFMT == S_IFLNK)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
    }

    @Test func aSymlinkToAFIFOOrNowhereIsRefused() throws {
        let fifo = path("pipe2"), toFIFO = path("to-pipe"), dangling = path("dangling")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(symlink(fifo, toFIFO) == 0)
        #expect(symlink(path("missing.md"), dangling) == 0)
        #expect(refusal(toFIFO)?.contains("is a FIFO (named pipe) (through a link") == true)
        #expect(mode(fifo) & S_IFMT == S_IFIFO)
        #expect(refusal(dangling)?.contains("which does not exist; refusing to create a file there") == true)
        #expect(!FileManager.default.fileExists(atPath: path("missing.md")))
    }

    @Test func aLinkLoopIsRefused() throws {
        #expect(symlink(path("b"), path("a")) == 0)
        #expect(symlink(path("a"), path("b")) == 0)
        #expect(refusal(path("a"))?.contains("more than 40 symbolic links") == true)
    }
}
