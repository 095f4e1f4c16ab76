import Foundation
import Glibc

/// What the proxy remembers of every charger (last backend, last BootNotification, open transactions
/// and their backends), kept in a JSON file so that a restarted proxy — even one killed with SIGKILL —
/// still replays boots to moved chargers and still sends a transaction's stop to the backend that
/// started it. Written atomically (a temporary file, then rename), at most once a second.
struct StateFile: Sendable {
    let path: String

    struct Contents: Codable {
        var version = 1
        var chargers: [String: ChargerMemory]
    }

    /// The memories in the file; empty when there is no file yet.
    func load() throws -> [String: ChargerMemory] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let contents = try JSONDecoder().decode(Contents.self, from: data)
            guard contents.version == 1 else { throw ProxySetupError("\(path): state file version \(contents.version) is newer than this proxy") }
            return contents.chargers
        } catch let error as ProxySetupError {
            throw error
        } catch {
            throw ProxySetupError("\(path) is not a proxy state file (\(error.localizedDescription)); move it away to start without it")
        }
    }

    func save(_ memories: [String: ChargerMemory]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(Contents(chargers: memories))
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        try data.write(to: temporary)
        guard rename(temporary.path, path) == 0 else {
            throw ProxySetupError("\(path): cannot replace it (\(String(cString: strerror(errno))))")
        }
    }
}
