import Foundation
import Testing

/// The dashboard in headless Chromium (Tests/ServerTests/Browser/dashboard_browser.py: Playwright for Python driving
/// Debian's chromium against the built `migrate serve`). Needs `MIGRATE_TEST_BROWSER=1` (.ci/browser.sh installs
/// chromium and playwright and exports it); screenshots go to docs/dashboard/.
@Suite("Server: the dashboard in a real browser")
struct DashboardBrowserTests {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/", !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url = url.deletingLastPathComponent()
        }
        return url
    }()
    static let migrate = root.appendingPathComponent(".build/debug/migrate").path
    static let enabled = ProcessInfo.processInfo.environment["MIGRATE_TEST_BROWSER"] == "1"

    @Test("log in, overview, cohort, refused advance, approve + advance journaled, rollback dry run then rollback, forged POST, viewer, phone, keyboard",
          .disabled(if: !enabled, "MIGRATE_TEST_BROWSER=1 is not set (eval \"$(.ci/browser.sh)\" installs chromium and playwright)"),
          .disabled(if: !FileManager.default.isExecutableFile(atPath: migrate), "the migrate binary is not built (swift build)"))
    func browser() async throws {
        let script = Self.root.appendingPathComponent("Tests/ServerTests/Browser/dashboard_browser.py").path
        let shots = ProcessInfo.processInfo.environment["MIGRATE_TEST_SCREENSHOTS"]
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-shots-\(UUID().uuidString.prefix(8))").path
        let result = try await BrowserProcess.run("/usr/bin/env", ["python3", script, Self.migrate, shots])
        print(result.stdout)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("checks passed"))
        if result.status == 0 { print("DASHBOARD-BROWSER-TEST-RAN (screenshots in \(shots))") }
    }
}

/// Runs a program to its end without blocking a thread (output to files; the end through the termination handler).
enum BrowserProcess {
    static func run(_ program: String, _ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        let status: Int32 = try await withCheckedThrowingContinuation { c in
            p.terminationHandler = { c.resume(returning: $0.terminationStatus) }
            do { try p.run() } catch { p.terminationHandler = nil; c.resume(throwing: error) }
        }
        return (status, (try? String(contentsOf: out, encoding: .utf8)) ?? "", (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
