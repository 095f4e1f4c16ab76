@testable import Adapters
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP server on 127.0.0.1 (Fixtures/webhook_receiver.py) that records every request it receives.
final class Receiver: @unchecked Sendable {
    struct Request: Decodable {
        var method: String
        var path: String
        var headers: [[String]]
        var body_b64: String
        /// The hex HMAC-SHA256 of the body under the receiver's secret, computed by Python.
        var hmac_sha256: String?

        var body: Data { Data(base64Encoded: body_b64)! }
        var bodyText: String { String(decoding: body, as: UTF8.self) }

        func header(_ name: String) -> String? {
            headers.first { $0[0].lowercased() == name.lowercased() }?[1]
        }

        /// Python reads header bytes as Latin-1; this gives back the UTF-8 text that was sent.
        func utf8Header(_ name: String) -> String? {
            header(name).map { String(decoding: $0.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }, as: UTF8.self) }
        }

        func headers(named name: String) -> [String] {
            headers.filter { $0[0].lowercased() == name.lowercased() }.map { $0[1] }
        }
    }

    let port: Int
    private let process: Process
    private let log: URL

    /// Starts the receiver; `secret` is what it computes `hmac_sha256` with.
    private init(port: Int, process: Process, log: URL) {
        self.port = port
        self.process = process
        self.log = log
    }

    static func start(secret: String? = nil) async throws -> Receiver {
        guard let script = Bundle.module.url(forResource: "webhook_receiver", withExtension: "py", subdirectory: "Fixtures") else {
            throw ReceiverError("webhook_receiver.py is not in the test bundle")
        }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("receiver-\(UUID().uuidString).jsonl")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, log.path]
        var environment = ProcessInfo.processInfo.environment
        environment["RECEIVER_SECRET"] = secret
        process.environment = environment
        guard let (stdout, writeEnd) = ProgramPerformer.closeOnExecPipe() else { throw ReceiverError("no pipe") }
        defer { try? stdout.close() }
        process.standardOutput = writeEnd
        try await process.launchWithDefaultSignalMask()
        try writeEnd.close()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.availableData
            guard !chunk.isEmpty else {
                throw ReceiverError("the receiver exited before printing its port")
            }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ReceiverError("the receiver printed no port")
        }
        return Receiver(port: port, process: process, log: log)
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request received so far, in order.
    func requests() throws -> [Request] {
        let text = try String(contentsOf: log, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    /// How many bytes each `/stream/...` answer got out before the client hung up, in order.
    func streamedBytes() throws -> [Int] {
        let url = URL(fileURLWithPath: log.path + ".stream")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["sent"] as? Int
        }
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: log)
    }

    deinit { stop() }
}

struct ReceiverError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
