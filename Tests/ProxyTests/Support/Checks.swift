import Foundation
import Testing

/// Runs a scenario on a fresh rig and stops every process afterwards; on failure the processes'
/// output is attached to the issue.
func scenario(_ name: String, legacyOptions: [String] = [], targetOptions: [String] = [],
              _ body: (Rig) async throws -> Void) async throws {
    let rig = try await Rig.start(name, legacyOptions: legacyOptions, targetOptions: targetOptions)
    // `.ci/require-servers.sh` checks for this marker: the tests ran against real OCPP peers.
    print("PROXY-PEERS-TEST-RAN (\(name))")
    do {
        try await body(rig)
    } catch {
        Issue.record("\(error)\n\(rig.tails())")
    }
    await rig.stop()
}

/// A message as comparable text (keys sorted), so that the proxy's record and a backend's log compare.
func canonical(_ message: Any) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: message, options: [.sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self)
}

/// The frame log holds exactly what each backend received and sent, per charger and in order: no
/// message lost, none added, none answered by the proxy. Returns the differences.
func frameLogDifferences(_ proxy: ProxyProcess, _ backends: [Backend]) -> [String] {
    var problems: [String] = []
    let frames = proxy.frames().filter { $0["frame"] != nil }
    for backend in backends {
        var logged: [String: [String]] = [:], seen: [String: [String]] = [:]
        for f in frames where f["backend"] as? String == backend.name {
            let side = f["from"] as? String == "charger" ? "received" : "sent"
            logged[f["charger"] as! String, default: []].append(side + " " + canonical(f["frame"]!))
        }
        for r in backend.records() {
            guard let event = r["event"] as? String, event == "received" || event == "sent", let message = r["message"] else { continue }
            seen[r["charger"] as! String, default: []].append(event + " " + canonical(message))
        }
        for charger in Set(logged.keys).union(seen.keys).sorted() where logged[charger, default: []] != seen[charger, default: []] {
            let l = logged[charger, default: []], s = seen[charger, default: []]
            let firstDifference = Array(zip(l, s)).firstIndex { $0 != $1 } ?? min(l.count, s.count)
            problems.append("""
                \(backend.name)/\(charger): the frame log has \(l.count) frames, the backend \(s.count); first difference at #\(firstDifference):
                  log:     \(firstDifference < l.count ? l[firstDifference] : "-")
                  backend: \(firstDifference < s.count ? s[firstDifference] : "-")
                """)
        }
    }
    return problems
}

/// Expects the frame log to hold exactly what the backends saw (see `frameLogDifferences`), waiting for
/// the recorder, which writes every 100 ms, to catch up.
func expectFrameLogMatchesBackends(_ proxy: ProxyProcess, _ backends: [Backend], sourceLocation: SourceLocation = #_sourceLocation) async {
    let deadline = ContinuousClock.now + .seconds(10)
    var differences = frameLogDifferences(proxy, backends)
    while !differences.isEmpty, ContinuousClock.now < deadline {
        try? await Task.sleep(for: .milliseconds(100))
        differences = frameLogDifferences(proxy, backends)
    }
    #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))", sourceLocation: sourceLocation)
}

/// The frame log's records once `condition` holds for them (the recorder writes every 100 ms).
func frames(of proxy: ProxyProcess, once condition: ([[String: Any]]) -> Bool) async throws -> [[String: Any]] {
    try await eventually("the frame log to show it") { condition(proxy.frames()) }
    return proxy.frames()
}

/// The KPI totals `migrate ocpp kpis --json` counts from the proxy's frame log (the reader the store's
/// import uses: this also proves the log is in OCPP.md's format).
func kpiTotals(_ proxy: ProxyProcess, in directory: URL) async throws -> [String: Int] {
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: proxy.logDirectory.path)) ?? [])
        .filter { $0.hasPrefix("frames-") }.sorted().map { proxy.logDirectory.appendingPathComponent($0).path }
    let result = try await MigrateCLI.succeed(["ocpp", "kpis", "--json"] + files, in: directory)
    let totals = jsonObject(result.stdout)?["totals"] as? [String: Any] ?? [:]
    return totals.compactMapValues { $0 as? Int }
}

/// BootNotifications the backends answered Accepted, counted from their own logs.
func bootsAccepted(_ backends: [Backend]) -> Int {
    backends.reduce(0) { total, backend in
        var boots: Set<String> = []
        var accepted = 0
        for r in backend.records() {
            guard let m = r["message"] as? [Any], m.count >= 3, let type = m[0] as? Int, let id = m[1] as? String,
                  let charger = r["charger"] as? String else { continue }
            if r["event"] as? String == "received", type == 2, m[2] as? String == "BootNotification" { boots.insert(charger + "/" + id) }
            if r["event"] as? String == "sent", type == 3, boots.contains(charger + "/" + id),
               (m[2] as? [String: Any])?["status"] as? String == "Accepted" { accepted += 1 }
        }
        return total + accepted
    }
}

/// Waits until `condition` holds, polling; throws `what` after `timeout`.
func eventually(_ what: String, timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    // Once more after the deadline: a starved thread pool can wake this task only after it has passed.
    if try await condition() { return }
    throw PeerFailure("timed out waiting for: \(what)")
}

/// Chargers "CP-01"..."CP-nn".
func chargerIDs(_ count: Int, prefix: String = "CP-") -> [String] {
    (1...count).map { String(format: "\(prefix)%02d", $0) }
}
