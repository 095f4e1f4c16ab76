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
        /// Which they were (the first 100): the next import of the grown log decides them.
        public var pending: [PendingCall]

        public init(head: String, bytes: Int64, lines: Int, digest: String, undecidedCalls: Int, pending: [PendingCall] = []) {
            self.head = head; self.bytes = bytes; self.lines = lines; self.digest = digest; self.undecidedCalls = undecidedCalls
            self.pending = pending
        }

        enum CodingKeys: String, CodingKey {
            case head, bytes, lines, digest, pending
            case undecidedCalls = "undecided_calls"
        }
    }

    /// A CALL awaiting its answer where a frame log was read up to.
    public struct PendingCall: Sendable, Equatable, Codable {
        public var charger: String
        /// `charger` or `csms`: who sent it.
        public var from: String
        /// The OCPP-J message id.
        public var id: String
        /// When it was sent, ISO 8601 UTC to the millisecond or finer (its deadline is 30 s later).
        public var at: String

        public init(charger: String, from: String, id: String, at: String) {
            self.charger = charger; self.from = from; self.id = id; self.at = at
        }
    }
}
