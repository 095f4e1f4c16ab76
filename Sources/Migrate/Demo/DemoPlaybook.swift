import Foundation

/// The playbook the demo runs, written next to its store so it can be read.
/// Its webhooks go to the demo's own receiver on 127.0.0.1 (`PORT` is filled in at run time).
enum DemoPlaybook {
    static func text(port: UInt16) -> String {
        template.replacingOccurrences(of: "PORT", with: String(port))
    }

    static let template = """
    # The demo's playbook: a pilot on two sites, a checkpoint, one expansion wave, then the whole region.
    playbook: demo-cutover
    version: 1
    description: Move a region's chargers from the legacy CSMS to the new platform, pilot first.

    backends:
      legacy: wss://legacy-csms.example.net/ocpp
      target: wss://new-csms.example.net/ocpp
    from: legacy
    to: target

    metrics:
      session_start_success:
        ratio: [session.started, session.attempted]
      connection_drops:
        per_charger_day: connection.dropped
      remote_action_success:
        ratio: [remote.succeeded, remote.requested]
      cdr_mismatch:
        ratio: [cdr.mismatched, cdr.checked]

    phases:
      - name: pilot
        scope: { site: [depot-north, depot-south] }
        soak: 14d
        gates:
          - coverage: { by: model, min_each: 2 }
          - metric: session_start_success
            at_least: 0.97
            window: 7d
            min_samples: 1000
          - metric: connection_drops
            at_most: 0.5
            window: 7d
          - metric: remote_action_success
            at_least: 0.9
            window: 7d
            min_samples: 100
            compare_to: legacy
            max_drop: 0.02
          - metric: cdr_mismatch
            at_most: 0.005
            window: 7d
            min_samples: 500
          - issues: { severity: [critical, high], scope: fleet-wide, max_open: 0 }
        on_fail: rollback
      - name: checkpoint
        gates:
          - approvals: { roles: [operations, support, finance] }
          - issues: { severity: [critical, high], max_open: 0 }
      - name: expansion
        scope: { share: 50% }
        soak: 7d
        on_enter:
          - webhook:
              url: http://127.0.0.1:PORT/ops
              body: { text: "{{cohort}} entered {{phase}}", by: "{{actor}}" }
        gates:
          - metric: session_start_success
            at_least: 0.97
            window: 7d
            min_samples: 2000
        on_fail: rollback
      - name: region
        scope: all
        soak: 7d
        gates:
          - metric: session_start_success
            at_least: 0.97
            window: 7d
          - issues: { severity: [critical, high], max_open: 0 }

    plans:
      pause:
        - webhook: { url: "http://127.0.0.1:PORT/ops" }
      rollback:
        - route: legacy
        - webhook:
            url: http://127.0.0.1:PORT/ops
            headers: { X-Migrate-Event: rollback }
            secret_env: MIGRATE_DEMO_WEBHOOK_KEY
        - manual: Confirm on the support console that every charger of the cohort reconnected to the legacy CSMS.

    """
}
