import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `check:` gates through the built binary: a real HTTP server (Python's http.server over a directory) and a real program.
@Suite("Check gates")
struct CheckGateCLITests {
    /// Python's http.server over `directory` on a free port of 127.0.0.1 (the port is written to a file, read without
    /// blocking); stopped when released.
    final class FileServer {
        let process = Process()
        let port: Int

        static let script = """
            import functools, http.server, sys
            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
            handler.log_message = lambda *args: None
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            with open(sys.argv[2] + ".tmp", "w") as f: f.write(str(server.server_address[1]))
            import os; os.rename(sys.argv[2] + ".tmp", sys.argv[2])
            server.serve_forever()
            """

        init(directory: URL, portFile: URL) async throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", Self.script, directory.path, portFile.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            var port: Int?
            for _ in 0..<200 where port == nil {
                port = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0) }
                if port == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            guard let port else { throw SandboxError("http.server did not start") }
            self.port = port
        }

        /// Stops the server and returns once it has exited. SIGKILL: a program started from a test's thread may inherit
        /// a signal mask that blocks SIGTERM.
        func stop() async throws {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        }

        deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    }

    func playbook(port: Int) -> String {
        """
        playbook: rel-checks
        version: 1
        backends:
          legacy: ws://legacy.example.net/ocpp
          target: ws://target.example.net/ocpp
        from: legacy
        to: target
        phases:
          - name: pilot
            scope: all
            gates:
              - check:
                  http: "http://127.0.0.1:\(port)/{{cohort}}.json"
                  expect_json: { missing: 0, "summary.ids": "CP-1,CP-2" }
                  timeout: 5s
              - check:
                  run: [/bin/sh, -c, 'test -e "$1.ready" && exit 0; test -e "$1.broken" && exit 7; exit 1', check, "{{cohort}}"]
                  timeout: 5s
        plans:
          rollback:
            - route: legacy
        """
    }

    func checks(_ box: Sandbox) async throws -> (code: Int32, http: [String: Any], run: [String: Any]) {
        let r = try await box.runAsync(["gates", "north", "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r)")
        let gates = try #require(report["gates"] as? [[String: Any]])
        try #require(gates.count == 2)
        return (r.status, gates[0], gates[1])
    }

    @Test("HTTP and program checks pass, fail and wait as PLAYBOOK.md says")
    func httpAndProgramChecks() async throws {
        let box = try Sandbox()
        let site = box.dir.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        let server = try await FileServer(directory: site, portFile: box.dir.appendingPathComponent("port"))
        try await box.okAsync(["fleet", "import", try box.write("fleet.csv", "id,model\nCP-1,A\nCP-2,B\n")])
        try await box.okAsync(["cohort", "create", "north", "--playbook", try box.write("checks.yaml", playbook(port: server.port)), "--all"])

        // Nothing there yet: the server answers 404 (fail), the program exits 1 (fail).
        var c = try await checks(box)
        #expect(c.code == 3)
        #expect(c.http["kind"] as? String == "check")
        #expect(c.http["result"] as? String == "fail", "\(c.http)")
        #expect(c.http["value"] as? Int == 404)
        #expect((c.http["detail"] as? String)?.contains("→ 404") == true)
        #expect(c.run["result"] as? String == "fail")
        #expect(c.run["value"] as? Int == 1)

        // The values differ, then they match; the program finds its file.
        try #"{"missing": 2, "summary": {"ids": "CP-1,CP-2"}}"#.write(to: site.appendingPathComponent("north.json"), atomically: true, encoding: .utf8)
        c = try await checks(box)
        #expect(c.http["result"] as? String == "fail")
        #expect((c.http["detail"] as? String)?.contains("missing is 2 (expected 0)") == true, "\(c.http)")
        #expect((c.http["output"] as? String)?.contains(#""missing": 2"#) == true, "the body's start is evidence")
        try #"{"missing": 0, "summary": {"ids": "CP-1,CP-2"}}"#.write(to: site.appendingPathComponent("north.json"), atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: box.path("north.ready"), contents: nil)
        c = try await checks(box)
        #expect(c.code == 0, "\(c)")
        #expect(c.http["result"] as? String == "pass")
        #expect(c.run["result"] as? String == "pass")

        // Another exit status is no verdict; an unreachable server is no answer: both pending.
        try FileManager.default.removeItem(atPath: box.path("north.ready"))
        _ = FileManager.default.createFile(atPath: box.path("north.broken"), contents: nil)
        try await server.stop()
        c = try await checks(box)
        #expect(c.code == 3)
        #expect(c.http["result"] as? String == "pending", "\(c.http)")
        #expect(c.run["result"] as? String == "pending", "\(c.run)")
        #expect(c.run["value"] as? Int == 7)

        // advance journals the evidence of both in its blocked entry.
        let refused = try await box.runAsync(["advance", "north"])
        #expect(refused.status == 3)
        let blocked = try #require(try await box.historyEntries("north").last)
        let evidence = try #require((blocked["evidence"] as? [String: Any])?["gates"] as? [[String: Any]])
        #expect(evidence.map { $0["kind"] as? String } == ["check", "check"])
        #expect((evidence[0]["source"] as? [String])?.first == "GET http://127.0.0.1:\(server.port)/north.json")
    }
}
