import Adapters
import Application
import Engine
import Foundation
import Logging
import Playbook

/// Sends the alerts a watch pass found to the server's webhook (`--alert-webhook`): a Slack-compatible body
/// (`text`, plus `attachments` with fields) that generic receivers read by its structured keys.
public struct AlertDispatcher: Sendable {
    let service: MigrationService
    let webhook: AlertWebhook?
    let counters: ServerCounters
    let logger: Logger
    let environment: [String: String]

    init(service: MigrationService, webhook: URL?, secret: String?, counters: ServerCounters, logger: Logger) {
        self.service = service
        self.webhook = webhook.map { AlertWebhook(url: $0, secret: secret) }
        self.counters = counters
        self.logger = logger
        self.environment = ProcessInfo.processInfo.environment
    }

    /// Sends each alert to the server's webhook and to its playbook's `alerts:` webhooks (signed with the secret
    /// their `secret_env` names; one whose variable is not set is not sent, and the log says so).
    func send(_ alerts: [Alert]) async {
        for alert in alerts {
            logger.notice("alert", metadata: ["cohort": "\(alert.cohort)", "changes": "\(alert.changes.map(\.text).joined(separator: "; "))"])
            var targets = webhook.map { [$0] } ?? []
            for t in alert.targets {
                guard let url = URL(string: t.webhook) else { continue }
                var secret: String?
                if let name = t.secretEnv {
                    secret = environment[name]
                    if (secret ?? "").isEmpty {
                        counters.countAlert(outcome: "failed")
                        logger.error("alert not sent: secret_env is not set", metadata: ["cohort": "\(alert.cohort)", "secret_env": "\(name)"])
                        continue
                    }
                }
                targets.append(AlertWebhook(url: url, secret: secret))
            }
            guard !targets.isEmpty, let body = try? AlertBody(alert).data() else { continue }
            for target in targets {
                if let failure = await target.send(body: body, key: alert.key) {
                    counters.countAlert(outcome: "failed")
                    logger.error("alert not delivered", metadata: ["cohort": "\(alert.cohort)", "error": "\(failure)"])
                } else {
                    counters.countAlert(outcome: "sent")
                }
            }
        }
    }
}

/// The alert as JSON: Slack's `text` and `attachments[].fields`, and the same facts as plain keys.
struct AlertBody: Encodable {
    struct Field: Encodable { var title: String; var value: String; var short: Bool }
    struct Attachment: Encodable { var color: String; var fields: [Field] }
    struct Change: Encodable { var kind: String; var text: String }

    var text: String
    var attachments: [Attachment]
    var cohort: String
    var phase: String
    var status: String
    var changes: [Change]
    var key: String
    var at: Date

    init(_ a: Alert) {
        text = "migrate: cohort \(a.cohort) (\(a.status) in \(a.phase)): " + a.changes.map(\.text).joined(separator: "; ")
        let bad = a.changes.contains { if case let .gates(_, _, to, _) = $0 { to == "fail" } else { true } }
        attachments = [Attachment(color: bad ? "danger" : "good",
                                  fields: [Field(title: "cohort", value: a.cohort, short: true), Field(title: "phase", value: a.phase, short: true),
                                           Field(title: "status", value: a.status, short: true)]
                                      + a.changes.map { Field(title: $0.kind, value: $0.text, short: false) })]
        cohort = a.cohort
        phase = a.phase
        status = a.status
        changes = a.changes.map { Change(kind: $0.kind, text: $0.text) }
        key = a.key
        at = a.at
    }

    func data() throws -> Data {
        let e = JournalCoding.encoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try e.encode(self)
    }
}
