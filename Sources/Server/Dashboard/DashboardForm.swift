import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body (what every dashboard form posts), at most 64 KiB.
struct DashboardForm {
    var fields: [String: String]

    static func read(_ request: Request) async throws -> DashboardForm {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        return DashboardForm(encoded: String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    init(encoded: String) {
        var fields: [String: String] = [:]
        for pair in encoded.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            guard let key = parts.first else { continue }
            fields[decode(key)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        self.fields = fields
    }

    subscript(_ name: String) -> String? {
        fields[name].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
    }
}
