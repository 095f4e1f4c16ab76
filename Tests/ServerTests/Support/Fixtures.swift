import Foundation

enum Fixtures {
    static let fleet = """
        id,site,model
        CP-1,a,X
        CP-2,a,X
        CP-3,b,Y
        CP-4,b,Y

        """

    /// Two phases, no gates in the pilot: advancing is always allowed (for the concurrency and role tests);
    /// approvals in the second phase.
    static let open = """
        playbook: open
        version: 1
        backends:
          legacy: ws://legacy.example.net/ocpp
          target: ws://target.example.net/ocpp
        from: legacy
        to: target
        phases:
          - name: pilot
            scope: all
          - name: checkpoint
            scope: all
            gates:
              - approvals:
                  roles: [finance]
          - name: fleet
            scope: all
        plans:
          rollback:
            - route: legacy
          pause:
            - route: legacy

        """

    /// A metric gate that fails on the samples below, and `on_fail: rollback`.
    static let failing = """
        playbook: failing
        version: 1
        backends:
          legacy: ws://legacy.example.net/ocpp
          target: ws://target.example.net/ocpp
        from: legacy
        to: target
        metrics:
          success:
            ratio: [session.started, session.attempted]
        phases:
          - name: pilot
            scope: all
            gates:
              - metric: success
                at_least: 0.9
            on_fail: rollback
          - name: fleet
            scope: all
        plans:
          rollback:
            - route: legacy

        """

    /// Half the sessions start: 0.5 < 0.9.
    static let failingSamples = """
        time,charger,metric,value
        2026-11-02T10:00:00Z,CP-1,session.attempted,10
        2026-11-02T10:00:00Z,CP-1,session.started,5
        2026-11-02T11:00:00Z,CP-2,session.attempted,10
        2026-11-02T11:00:00Z,CP-2,session.started,5

        """
}
