import Foundation

/// Charge points (Tests/ProxyTests/Peers/chargers.py) connected through the proxy, and what they saw.
final class Chargers: @unchecked Sendable {
    let process: ChildProcess

    init(url: String, ids: [String], in directory: URL, protocols: String = "ocpp1.6", extra: [String] = []) throws {
        process = try ChildProcess(name: "chargers", executable: Paths.python,
                                   arguments: ["-u", Paths.peer("chargers.py"), "--url", url, "--ids", ids.joined(separator: ","),
                                               "--protocols", protocols] + extra,
                                   directory: directory)
    }

    func events() -> [[String: Any]] { process.lines().compactMap(jsonObject) }

    func events(_ charger: String, _ event: String) -> [[String: Any]] {
        events().filter { $0["charger"] as? String == charger && $0["event"] as? String == event }
    }

    /// Sends `cmd` (start, stop, meter, heartbeat, status, stay-away) for `charger`.
    func command(_ cmd: String, _ charger: String) {
        process.send("{\"cmd\":\"\(cmd)\",\"charger\":\(JSONText.quoted(charger))}")
    }

    /// Waits until `charger` has had `count` events of kind `event` matching `predicate`.
    @discardableResult
    func waitFor(_ event: String, _ charger: String, count: Int = 1, timeout: Duration = .seconds(60),
                 where predicate: @escaping ([String: Any]) -> Bool = { _ in true }) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let matching = events(charger, event).filter(predicate)
            if matching.count >= count { return matching[count - 1] }
            try await Task.sleep(for: .milliseconds(25))
        }
        // Once more after the deadline: a starved thread pool can wake this task only after it has passed.
        let matching = events(charger, event).filter(predicate)
        if matching.count >= count { return matching[count - 1] }
        throw PeerFailure("charger \(charger): no \(event) #\(count) within \(timeout)\n\(process.tail())")
    }

    /// Waits for the answer to `action` (the `count`-th one).
    @discardableResult
    func waitForAnswer(_ action: String, _ charger: String, count: Int = 1, timeout: Duration = .seconds(180)) async throws -> [String: Any] {
        try await waitFor("answer", charger, count: count, timeout: timeout) { $0["action"] as? String == action }
    }

    func stop() async { await process.stop() }
}

enum JSONText {
    static func quoted(_ s: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [s]), as: UTF8.self).dropFirst().dropLast().description
    }
}
