/// What the proxy remembers of one charger from one connection to the next.
///
/// It decides three rules of a safe switch: a backend that has not seen this charger since it moved
/// gets a BootNotification first (`lastBackend`, `lastBoot`); a transaction's later messages go to the
/// backend that started it (`transactions`); a charger with an open transaction is not idle.
public struct ChargerMemory: Sendable, Equatable, Codable {
    /// The backend that last answered the charger (after a boot it saw): a connection to another one
    /// is a move, and that backend gets a BootNotification first.
    public var lastBackend: String?
    /// The latest BootNotification the charger sent, for replay on a backend it moved to.
    public var lastBoot: KnownBoot?
    /// Open transactions (`JSONValue.identifierKey` of the id) and the backend each was started on.
    public var transactions: [String: RouteTarget]

    public init(lastBackend: String? = nil, lastBoot: KnownBoot? = nil, transactions: [String: RouteTarget] = [:]) {
        self.lastBackend = lastBackend
        self.lastBoot = lastBoot
        self.transactions = transactions
    }
}

/// A BootNotification as the charger sent it: its payload's JSON text and the subprotocol it was sent in.
public struct KnownBoot: Sendable, Equatable, Codable {
    public var subprotocol: String
    public var payload: String

    public init(subprotocol: String, payload: String) {
        self.subprotocol = subprotocol
        self.payload = payload
    }
}
