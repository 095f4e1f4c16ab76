/// `check: {http: URL, ...}` or `check: {run: [...], ...}`: a gate decided by something outside migrate,
/// such as "the new CSMS has every pilot charger provisioned" or "the billing export arrived".
///
/// An HTTP check passes when the answer has `expectStatus` and every `expectJSON` value; any other answer
/// fails; no answer (unreachable, timed out) is pending. A program passes on exit 0, fails on exit 1, and
/// anything else (another status, a signal, a timeout, not startable) is pending. Never through a shell.
public struct CheckGate: Sendable, Equatable {
    public enum Probe: Sendable, Equatable {
        case http(HTTPProbe)
        /// A program and its arguments (templates allowed in the arguments).
        case run([String])
    }

    public var probe: Probe
    public var timeout: PlaybookDuration

    public static let defaultHTTPTimeout = PlaybookDuration(seconds: 10)
    public static let defaultRunTimeout = PlaybookDuration(seconds: 60)
    /// The longest a check may take: a gate is evaluated by `gates`, `status` and `advance` while a person waits.
    public static let longestTimeout = PlaybookDuration(seconds: 600)

    public init(probe: Probe, timeout: PlaybookDuration) {
        self.probe = probe
        self.timeout = timeout
    }
}

/// The request of an HTTP check and what its answer must hold.
public struct HTTPProbe: Sendable, Equatable {
    /// http:// or https://, with templates (`{{cohort}}`, `{{chargers}}`, ...), escaped for a URL.
    public var url: String
    /// `GET` (default), `HEAD` or `POST` (sent without a body).
    public var method: String
    public var headers: [WebhookStep.Header]
    /// The status the answer must have; default 200.
    public var expectStatus: Int
    /// Top-level keys or dotted paths (`a.b`, `items.0.id`) of the JSON body, and the values they must have.
    public var expectJSON: [JSONExpectation]

    public static let methods = ["GET", "HEAD", "POST"]

    public init(url: String, method: String = "GET", headers: [WebhookStep.Header] = [], expectStatus: Int = 200,
                expectJSON: [JSONExpectation] = []) {
        self.url = url
        self.method = method
        self.headers = headers
        self.expectStatus = expectStatus
        self.expectJSON = expectJSON
    }
}

/// One `expect_json` entry: the value at `path` must equal `value` (numbers compare as numbers).
public struct JSONExpectation: Sendable, Equatable {
    public var path: String
    public var value: JSONValue

    public init(path: String, value: JSONValue) {
        self.path = path
        self.value = value
    }
}
