/// A plan step: what runs on pause, rollback or entering a phase.
public struct Step: Sendable, Equatable {
    public var action: StepAction
    public var position: SourcePosition

    public init(_ action: StepAction, position: SourcePosition = .unknown) {
        self.action = action
        self.position = position
    }
}

public enum StepAction: Sendable, Equatable {
    /// Route every charger of the cohort to the backend.
    case route(backend: String)
    case webhook(WebhookStep)
    case run(RunStep)
    /// Waits until a person confirms with `migrate confirm`.
    case manual(String)
    case wait(PlaybookDuration)

    /// The YAML key: `route`, `webhook`, `run`, `manual`, `wait`.
    public var keyword: String {
        switch self {
        case .route: "route"
        case .webhook: "webhook"
        case .run: "run"
        case .manual: "manual"
        case .wait: "wait"
        }
    }
}

/// `webhook: {url, method, headers, body, timeout, retries, secret_env}`
public struct WebhookStep: Sendable, Equatable {
    public var url: String
    public var method: String
    /// Header name → value template, in the order written.
    public var headers: [Header]
    /// nil: the default body describing the event.
    public var body: JSONValue?
    public var timeout: PlaybookDuration
    public var retries: Int
    /// Name of the environment variable holding the HMAC-SHA256 key.
    public var secretEnv: String?

    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public static let defaultTimeout = PlaybookDuration(seconds: 10)
    public static let defaultRetries = 3

    public init(url: String, method: String = "POST", headers: [Header] = [], body: JSONValue? = nil,
                timeout: PlaybookDuration = defaultTimeout, retries: Int = defaultRetries, secretEnv: String? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.retries = retries
        self.secretEnv = secretEnv
    }
}

/// `run: [program, arg, ...]` or `run: {command: [...], timeout: D}`
public struct RunStep: Sendable, Equatable {
    public var command: [String]
    public var timeout: PlaybookDuration

    public static let defaultTimeout = PlaybookDuration(seconds: 300)

    public init(command: [String], timeout: PlaybookDuration = defaultTimeout) {
        self.command = command
        self.timeout = timeout
    }
}
