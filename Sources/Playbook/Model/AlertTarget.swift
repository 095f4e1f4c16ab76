/// Where `migrate serve` sends a cohort's alerts (`alerts:`): a webhook, signed with the secret in `secretEnv`.
public struct AlertTarget: Sendable, Equatable {
    public var webhook: String
    /// The environment variable that holds the signing secret (`X-Migrate-Signature`), if any.
    public var secretEnv: String?
    public var position: SourcePosition

    public init(webhook: String, secretEnv: String? = nil, position: SourcePosition = .unknown) {
        self.webhook = webhook
        self.secretEnv = secretEnv
        self.position = position
    }
}
