extension JournalEvent {
    /// Where an `ocpp import` of a frame log stopped, journaled with the import so that the next import of the
    /// same log, grown, adds only what is new. The log is known by its first line; the rest says how much of it
    /// was consumed (its complete lines) and how many CALLs were still undecided there (their deadline had not
    /// passed: the grown log decides them). The reader re-reads the consumed bytes, checks them against
    /// `digest`, and so rebuilds exactly the state it had at the cut, pending CALLs included.
    public struct FrameLogPosition: Sendable, Equatable, Codable {
        /// SHA-256 (hex) of the log's first line, without its newline: the log's identity.
        public var head: String
        /// Bytes consumed: up to and including the last complete line's newline.
        public var bytes: Int64
        /// Complete lines consumed.
        public var lines: Int
        /// SHA-256 (hex) of those bytes.
        public var digest: String
        /// CALLs open at the cut whose deadline had not passed: counted nowhere yet.
        public var undecidedCalls: Int

        public init(head: String, bytes: Int64, lines: Int, digest: String, undecidedCalls: Int) {
            self.head = head; self.bytes = bytes; self.lines = lines; self.digest = digest; self.undecidedCalls = undecidedCalls
        }

        enum CodingKeys: String, CodingKey {
            case head, bytes, lines, digest
            case undecidedCalls = "undecided_calls"
        }
    }
}
