import Foundation
import Testing

/// The JSON readers of `Sandbox`, without blocking a thread of the cooperative pool (on `runAsync` and `okAsync`).
extension Sandbox {
    /// Runs a command that prints JSON (exit 0) and parses it.
    func parsed(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> Any {
        let r = try await okAsync(args, sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8), options: [.fragmentsAllowed])
    }

    func statusObject(_ cohort: String) async throws -> [String: Any] {
        try #require(try await parsed(["status", cohort, "--json"]) as? [String: Any])
    }

    func historyEntries(_ cohort: String) async throws -> [[String: Any]] {
        try #require(try await parsed(["history", cohort, "--json"]) as? [[String: Any]])
    }

    /// Charger → backend, from `migrate routes`.
    func routesOf(_ cohort: String) async throws -> [String: String] {
        let rows = try #require(try await parsed(["routes", "--format", "json", "--cohort", cohort]) as? [[String: Any]])
        var map: [String: String] = [:]
        for r in rows { map[try #require(r["charger"] as? String)] = try #require(r["backend"] as? String) }
        return map
    }

    /// `migrate verify --json` must say ok; the number of journal entries.
    @discardableResult
    func verified(sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int {
        let obj = try #require(try await parsed(["verify", "--json"], sourceLocation: sourceLocation) as? [String: Any])
        #expect(obj["ok"] as? Bool == true, "verify: \(obj)", sourceLocation: sourceLocation)
        return try #require(obj["entries"] as? Int)
    }
}
