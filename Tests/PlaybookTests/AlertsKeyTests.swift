import Playbook
import Testing

/// `alerts:`: where `migrate serve` sends a playbook's cohorts' alerts.
@Suite struct AlertsKeyTests {
    static func book(_ alerts: String) -> String {
        """
        playbook: p
        version: 1
        backends:
          a: ws://a.example.net/ocpp
          b: ws://b.example.net/ocpp
        from: a
        to: b
        phases:
          - name: pilot
            scope: all
        plans:
          rollback:
            - route: a
        \(alerts)
        """
    }

    @Test func webhooksWithAndWithoutSecrets() throws {
        let r = PlaybookLoader.load(text: Self.book("""
            alerts:
              - webhook: https://hooks.example.net/migrate
                secret_env: MIGRATE_ALERT_KEY
              - webhook: http://127.0.0.1:9000/alerts
            """), file: "p.yaml")
        let book = try #require(r.playbook, "\(r.errors)")
        #expect(book.alerts.map(\.webhook) == ["https://hooks.example.net/migrate", "http://127.0.0.1:9000/alerts"])
        #expect(book.alerts.map(\.secretEnv) == ["MIGRATE_ALERT_KEY", nil])
        #expect(PlaybookLoader.load(text: Self.book(""), file: "p.yaml").playbook?.alerts == [])
    }

    @Test(arguments: [
        ("alerts: {webhook: http://x}", "'alerts' must be a list"),
        ("alerts:\n  - webhook: ftp://x.example.net", "must be an http:// or https:// URL"),
        ("alerts:\n  - webhook: http://x.example.net\n    secret_env: 9BAD", "must name an environment variable"),
        ("alerts:\n  - url: http://x.example.net", "webhook"),
    ])
    func badAlertsArePositionedErrors(yaml: String, message: String) {
        let r = PlaybookLoader.load(text: Self.book(yaml), file: "p.yaml")
        #expect(r.playbook == nil)
        #expect(r.errors.contains { $0.description.contains(message) && $0.description.hasPrefix("p.yaml:1") }, "\(r.errors)")
    }
}
