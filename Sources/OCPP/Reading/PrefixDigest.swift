/// A running digest of the bytes of a log's complete lines, so that an import can recognise the log it
/// read before when it has grown. The pure module does no cryptography: the caller brings the hash
/// (`ocpp import` uses SHA-256 from swift-crypto); `NoDigest` when nothing needs recognising.
public protocol PrefixDigest {
    mutating func update(_ bytes: UnsafeRawBufferPointer)
    /// The digest of the bytes so far, as text; does not change the running state.
    func hexDigest() -> String
}

/// For counting alone (`ocpp kpis`): digests nothing.
public struct NoDigest: PrefixDigest {
    public init() {}
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {}
    public func hexDigest() -> String { "" }
}

/// Where a read of a log stopped: the bytes up to and including its last complete line's newline.
/// Stored by an import, it recognises the same log grown later (same first `bytes`, same digest).
public struct LogCheckpoint: Codable, Equatable, Hashable, Sendable {
    public var bytes: Int64
    public var lines: Int
    public var digest: String
    /// The time of the last record in those lines (µs), nil if there was none.
    public var lastTime: Int64?

    public init(bytes: Int64, lines: Int, digest: String, lastTime: Int64?) {
        self.bytes = bytes
        self.lines = lines
        self.digest = digest
        self.lastTime = lastTime
    }
}
