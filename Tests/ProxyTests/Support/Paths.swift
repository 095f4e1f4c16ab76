import Foundation
import Testing

/// Where things are: the package root, the built `migrate`, the Python peers, a fresh directory.
enum Paths {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url = url.deletingLastPathComponent()
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    static let migrate = packageRoot.appendingPathComponent(".build/debug/migrate").path

    static func peer(_ script: String) -> String {
        if let dir = Bundle.module.url(forResource: "Peers", withExtension: nil) {
            let url = dir.appendingPathComponent(script)
            if FileManager.default.fileExists(atPath: url.path) { return url.path }
        }
        return packageRoot.appendingPathComponent("Tests/ProxyTests/Peers/\(script)").path
    }

    static let python: String = {
        for candidate in ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":") ?? [] {
            let path = "\(candidate)/python3"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return "/usr/bin/python3"
    }()

    static func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-proxy-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The end-to-end tests need real OCPP peers: Python with `ocpp` and `websockets`. `.ci/run` installs
/// them and sets MIGRATE_TEST_OCPP_PEERS=1; without it the tests are skipped, saying so.
enum Peers {
    static let available = ProcessInfo.processInfo.environment["MIGRATE_TEST_OCPP_PEERS"] == "1"
    static let reason: Comment = "needs Python with `ocpp` and `websockets`: pip install ocpp websockets, then MIGRATE_TEST_OCPP_PEERS=1 (.ci/run does both)"
}
