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
    public static func excerpt(of bytes: Data, total: Int? = nil) -> String? {
        guard !bytes.isEmpty else { return nil }
        let all = total ?? bytes.count
        guard all > excerptLimit || bytes.count > excerptLimit else { return String(decoding: bytes, as: UTF8.self) }
        var head = Data(bytes.prefix(excerptLimit))
        // Drop a UTF-8 sequence cut at the end.
        while let last = head.last, last & 0b1100_0000 == 0b1000_0000 { head.removeLast() }
        if let last = head.last, last & 0b1100_0000 == 0b1100_0000 { head.removeLast() }
        return String(decoding: head, as: UTF8.self) + "\n[first \(head.count) bytes of \(total.map(String.init) ?? "more than \(bytes.count)")]"
    }
}
