import Foundation

/// A central system (Tests/ProxyTests/Peers/csms.py) on 127.0.0.1, and what it saw.
final class Backend: @unchecked Sendable {
    let name: String
    let directory: URL
    let logURL: URL
    let arguments: [String]
    private(set) var process: ChildProcess
    private(set) var port: Int

    /// ws://127.0.0.1:PORT/ocpp, or wss://localhost:PORT/ocpp when it serves TLS (its certificate names localhost).
    var url: String { arguments.contains("--cert") ? "wss://localhost:\(port)/ocpp" : "ws://127.0.0.1:\(port)/ocpp" }

    private init(name: String, directory: URL, logURL: URL, arguments: [String], process: ChildProcess, port: Int) {
        self.name = name
        self.directory = directory
        self.logURL = logURL
        self.arguments = arguments
        self.process = process
        self.port = port
    }

    /// Starts a CSMS named `name`; its transaction ids start above `txBase` so that each backend's are
    /// recognisable. `extra`: more csms.py options (--password, --subprotocols, ...).
    static func start(_ name: String, in directory: URL, txBase: Int, extra: [String] = []) async throws -> Backend {
        let logURL = directory.appendingPathComponent("\(name).jsonl")
        let arguments = ["-u", Paths.peer("csms.py"), "--name", name, "--log", logURL.path, "--tx-base", String(txBase)] + extra
        let (process, port) = try await launch(name, arguments + ["--port", "0"], directory)
        return Backend(name: name, directory: directory, logURL: logURL, arguments: arguments, process: process, port: port)
    }

    private static func launch(_ name: String, _ arguments: [String], _ directory: URL) async throws -> (ChildProcess, Int) {
        let process = try ChildProcess(name: name, executable: Paths.python, arguments: arguments, directory: directory)
        let line = try await process.waitForLine("LISTENING", timeout: .seconds(120), where: { $0.hasPrefix("LISTENING ") })
        guard let port = Int(line.dropFirst("LISTENING ".count)) else { throw PeerFailure("\(name): bad line \(line)") }
        return (process, port)
    }

    /// Kills the CSMS (a backend going down).
    func kill() async { await process.stop() }

    /// Starts it again on the same port, with the same log.
    func restart() async throws {
        let (process, port) = try await Self.launch(name, arguments + ["--port", String(port)], directory)
        self.process = process
        self.port = port
    }

    /// Sends a CALL to a connected charger (`action` as the ocpp library names it, payload in snake_case).
    func call(_ charger: String, _ action: String, _ payload: [String: Any] = [:]) {
        let command: [String: Any] = ["cmd": "call", "charger": charger, "action": action, "payload": payload]
        let data = try! JSONSerialization.data(withJSONObject: command)
        process.send(String(decoding: data, as: UTF8.self))
    }

    /// Every record of its log, in order.
    func records() -> [[String: Any]] {
        guard let text = try? String(contentsOf: logURL, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { jsonObject(String($0)) }
    }

    func records(_ charger: String, _ event: String? = nil) -> [[String: Any]] {
        records().filter { $0["charger"] as? String == charger && (event == nil || $0["event"] as? String == event) }
    }

    /// The OCPP messages it received from `charger`, in order.
    func received(_ charger: String) -> [[Any]] {
        records(charger, "received").compactMap { $0["message"] as? [Any] }
    }

    /// The actions of the CALLs it received from `charger`, in order.
    func actions(_ charger: String) -> [String] {
        received(charger).compactMap { $0.first as? Int == 2 ? $0[2] as? String : nil }
    }

    /// The chargers that connected to it at least once.
    func connectedChargers() -> Set<String> {
        Set(records().filter { $0["event"] as? String == "connected" }.compactMap { $0["charger"] as? String })
    }

    /// Checks that every answer it received pairs with a CALL it sent to that charger (it never sees
    /// another backend's message ids), and returns the problems found.
    func foreignAnswers() -> [String] {
        var sent: [String: Set<String>] = [:]
        var problems: [String] = []
        for r in records() {
            guard let charger = r["charger"] as? String, let message = r["message"] as? [Any], let type = message.first as? Int,
                  let id = message.count > 1 ? message[1] as? String : nil else { continue }
            switch (r["event"] as? String, type) {
            case ("sent", 2): sent[charger, default: []].insert(id)
            case ("received", 3), ("received", 4):
                if sent[charger]?.contains(id) != true { problems.append("\(name) got an answer to \(id) from \(charger), a CALL it never sent") }
            default: break
            }
        }
        return problems
    }
}
