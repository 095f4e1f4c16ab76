import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 9, classes 10 and 12: a store the user may only read serves every read-only command and refuses
/// writes saying it is read-only; bad `--db` paths get a clear message and nothing is created.
@Suite("Hardening: read-only stores and store paths")
struct ReadOnlyStoreTests {
    /// A read-only copy of a prepared store, in a directory the reader cannot write either. As root (CI),
    /// the commands run as `nobody` through `runuser`; otherwise file modes alone make it read-only.
    func readOnlyCopy() async throws -> (Sandbox, String, [String]) {
        let box = try Sandbox()
        try await box.setUpAsync(playbook: Paths.fixture("basic.yaml"))
        try await box.okAsync(["pause", "north", "--reason", "before the copy"], now: Sandbox.hoursAfterT0(1))
        try await box.okAsync(["verify"])
        let dir = box.path("audit")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let copy = dir + "/copy.db"
        try FileManager.default.copyItem(atPath: box.db, toPath: copy)
        #expect(chmod(copy, 0o444) == 0 && chmod(dir, 0o555) == 0)
        #expect(chmod(box.dir.path, 0o755) == 0)
        let prefix = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "nobody", "--", Paths.migrate] : [Paths.migrate]
        return (box, copy, prefix)
    }

    func run(_ box: Sandbox, _ prefix: [String], _ args: [String]) async throws -> RunResult {
        try await box.runCommand(prefix + args)
    }

    @Test("verify, status, gates, history, routes and report work; writes say the store is read-only")
    func readOnlyCopyServesReads() async throws {
        let (box, copy, prefix) = try await readOnlyCopy()
        defer { _ = chmod((copy as NSString).deletingLastPathComponent, 0o755) }
        for args in [["verify"], ["status"], ["status", "north", "--json"], ["gates", "north"], ["history", "north"],
                     ["routes"], ["report", "north"]] {
            let r = try await run(box, prefix, args + ["--db", copy, "--now", Sandbox.hoursAfterT0(2)])
            #expect(r.status == 0 || (args.first == "gates" && r.status == 3), "\(r)")
            #expect(!r.stderr.contains("readonly database"), "\(r)")
        }
        for args in [["resume", "north", "--reason", "x"], ["rollback", "north", "--reason", "x"],
                     ["issues", "add", "--title", "t", "--severity", "low"], ["metrics", "import", try box.write("m.csv", "time,charger,metric,value\n2026-11-02T10:00:00Z,CP-0000,x,1\n")]] {
            let r = try await run(box, prefix, args + ["--db", copy, "--now", Sandbox.hoursAfterT0(2)])
            #expect(r.status == 1, "\(r)")
            #expect(r.stderr.contains("is read-only (this user may only read it): nothing was changed"), "\(r)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: (copy as NSString).deletingLastPathComponent)
        #expect(files == ["copy.db"], "nothing was created beside the copy: \(files)")
    }

    @Test("an empty path, a directory, a missing directory and a dangling symlink as --db: clear errors, nothing created")
    func badStorePaths() async throws {
        let box = try Sandbox()
        #expect(symlink(box.path("gone.db"), box.path("dangling.db")) == 0)
        let cases: [(String, String)] = [
            ("", "the store path is empty; give --db PATH"),
            (box.dir.path, "is a directory; give a file, e.g."),
            (box.path("nowhere/store.db"), "cannot be created: the directory \(box.path("nowhere")) does not exist"),
            (box.path("dangling.db"), "is a symbolic link to \(box.path("gone.db")), which does not exist"),
        ]
        for (db, message) in cases {
            let r = try await box.runAsync(["status"], db: db)
            #expect(r.status == 1 && r.stderr.hasPrefix("error: ") && r.stderr.contains(message), "\(r)")
        }
        #expect(!FileManager.default.fileExists(atPath: box.path("gone.db")))
        #expect(!FileManager.default.fileExists(atPath: box.path("nowhere")))
    }
}
