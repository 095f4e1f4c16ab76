import Foundation

/// What running a `check:` gate observed, as the adapter that ran it saw it. The gate is judged on it by
/// `GateEvaluator` (pure): the adapter only asks and reports.
public struct CheckObservation: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// An HTTP answer with this status.
        case answered(status: Int)
        /// The program exited with this status.
        case exited(Int32)
        /// The program was ended by this signal (not by migrate's timeout).
        case signaled(Int32)
        /// No answer, or no exit, within the check's timeout.
        case timedOut
        /// The server could not be reached (refused, unknown host, TLS failed, not HTTP).
        case unreachable(String)
        /// The check could not be started: the URL or an argument did not render, the program is not there.
        case notStarted(String)
    }

    public var outcome: Outcome
    /// What was asked: `GET https://...` or `run ./scripts/certs-installed north`.
    public var target: String
    /// The response body as read (at most the adapter's cap), for `expect_json`.
    public var body: Data?
    /// False when the body was longer than the cap and was cut.
    public var bodyComplete: Bool
    /// The first KiB of the body or of the program's output, for the evidence.
    public var excerpt: String?
    /// Seconds from start to answer or exit.
    public var elapsed: Double?

    public init(outcome: Outcome, target: String, body: Data? = nil, bodyComplete: Bool = true, excerpt: String? = nil,
                elapsed: Double? = nil) {
        self.outcome = outcome
        self.target = target
        self.body = body
        self.bodyComplete = bodyComplete
        self.excerpt = excerpt
        self.elapsed = elapsed
    }

    /// How much of a body or output is kept as evidence.
    public static let excerptLimit = 1024
    /// The most of a response body an adapter reads (to match `expect_json`); the rest is never held.
    public static let bodyLimit = 1 << 20

    /// The first `excerptLimit` bytes of `bytes` as text, not cut inside a UTF-8 sequence, marked when cut.
    /// `total`: how many bytes there were in all (default: `bytes.count`); `complete`: false when even that is not all.
    public static func excerpt(of bytes: Data, total: Int? = nil, complete: Bool = true) -> String? {
        guard !bytes.isEmpty else { return nil }
        let all = max(total ?? bytes.count, bytes.count)
        guard all > excerptLimit || !complete else { return String(decoding: bytes, as: UTF8.self) }
        var head = Array(bytes.prefix(excerptLimit))
        // Drop a UTF-8 sequence the limit cut short.
        var continuation = 0
        while continuation < 3, continuation < head.count, head[head.count - 1 - continuation] & 0b1100_0000 == 0b1000_0000 { continuation += 1 }
        if continuation < head.count {
            let lead = head[head.count - 1 - continuation]
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            if continuation + 1 < length { head.removeLast(continuation + 1) }
        }
        return String(decoding: head, as: UTF8.self) + "\n[first \(head.count) bytes of \(all)\(complete ? "" : " or more")]"
    }
}
