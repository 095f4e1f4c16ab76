import Foundation

/// A running `migrate proxy`, where chargers connect, and what it recorded.
final class ProxyProcess: @unchecked Sendable {
    let process: ChildProcess
    /// `ws://127.0.0.1:PORT/ocpp` (or wss://).
    let chargerURL: String
    /// `http://127.0.0.1:PORT`.
    let operationsURL: String
    let logDirectory: URL
    let port: Int

    private init(process: ChildProcess, chargerURL: String, operationsURL: String, logDirectory: URL, port: Int) {
        self.process = process
        self.chargerURL = chargerURL
        self.operationsURL = operationsURL
        self.logDirectory = logDirectory
        self.port = port
    }

    /// Starts the proxy on the store `db`, listening on `port` (0: any).
    static func start(db: String, in directory: URL, port: Int = 0, logDirectory: URL, extra: [String]) async throws -> ProxyProcess {
        let arguments = ["proxy", "--db", db, "--listen", "127.0.0.1:\(port)", "--operations", "127.0.0.1:0",
                         "--log", logDirectory.path, "--poll-interval", "100ms"] + extra
        let process = try ChildProcess(name: "proxy", executable: Paths.migrate, arguments: arguments, directory: directory)
        let line = try await process.waitForLine("the proxy's listening line", where: { $0.hasPrefix("migrate proxy: chargers connect to ") })
        // migrate proxy: chargers connect to ws://127.0.0.1:40123/ocpp/{id}; /healthz and /metrics on http://127.0.0.1:40124
        let parts = line.components(separatedBy: "; /healthz and /metrics on ")
        let chargerURL = parts[0].replacingOccurrences(of: "migrate proxy: chargers connect to ", with: "")
            .replacingOccurrences(of: "/{id}", with: "")
        guard parts.count == 2, let portText = chargerURL.split(separator: ":").last?.split(separator: "/").first,
              let bound = Int(portText) else { throw PeerFailure("cannot read the proxy's line: \(line)") }
        return ProxyProcess(process: process, chargerURL: chargerURL, operationsURL: parts[1], logDirectory: logDirectory, port: bound)
    }

    /// The frame log: every record of every frames-*.jsonl file, in file order.
    func frames() -> [[String: Any]] { records(prefix: "frames-") }

    /// The switch log.
    func switches() -> [[String: Any]] { records(prefix: "switches-") }

    func switches(_ charger: String, _ event: String) -> [[String: Any]] {
        switches().filter { $0["charger"] as? String == charger && $0["switch"] as? String == event }
    }

    private func records(prefix: String) -> [[String: Any]] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: logDirectory.path)) ?? [])
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".jsonl") }.sorted()
        return files.flatMap { file -> [[String: Any]] in
            let text = (try? String(contentsOf: logDirectory.appendingPathComponent(file), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { jsonObject(String($0)) }
        }
    }

    /// Fetches an operations endpoint with curl (a client that is not the proxy's code).
    func get(_ path: String) async throws -> (status: Int, body: String) {
        let out = try Paths.temporaryDirectory("curl")
        let curl = try ChildProcess(name: "curl", executable: "/usr/bin/curl",
                                    arguments: ["-s", "-o", out.appendingPathComponent("body").path, "-w", "%{http_code}", operationsURL + path],
                                    directory: out)
        _ = try await curl.waitForExit()
        let body = (try? String(contentsOf: out.appendingPathComponent("body"), encoding: .utf8)) ?? ""
        return (Int(curl.output()) ?? 0, body)
    }

    /// The value of one series of /metrics, e.g. `migrate_proxy_connections{backend="target"}`.
    func metric(_ series: String) async throws -> Double? {
        let (_, body) = try await get("/metrics")
        for line in body.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    func stop() async { await process.stop() }
}
