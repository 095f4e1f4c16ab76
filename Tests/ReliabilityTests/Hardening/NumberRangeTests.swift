import Foundation
import Testing

/// Issue 9, class 1: numbers the validator accepts never crash a command; numbers past their range
/// are refused by `validate` with FILE:LINE:COLUMN.
@Suite("Hardening: number ranges")
struct NumberRangeTests {
    static func playbook(soak: String, wait: String, timeout: String) -> String {
        """
        playbook: ranges
        version: 1
        backends:
          legacy: ws://legacy.example.net/ocpp
          target: ws://target.example.net/ocpp
        from: legacy
        to: target
        phases:
          - name: pilot
            scope: all
            soak: \(soak)
          - name: fleet
            scope: all
        plans:
          pause:
            - wait: \(wait)
            - webhook: { url: "http://127.0.0.1:9/hook", timeout: \(timeout), retries: 0 }
          rollback:
            - route: legacy

        """
    }

    @Test("validate refuses a soak, a wait and a timeout past their range, each with its position")
    func refusedPastTheRange() async throws {
        let box = try Sandbox()
        let file = try box.write("big.yaml", Self.playbook(soak: "9223372036854775807s", wait: "1000000w", timeout: "10000000000000000s"))
        let r = try await box.runAsync(["validate", file], global: false)
        #expect(r.status == 1, "\(r)")
        #expect(r.stdout.contains("big.yaml:11:11: error: 'soak' of phase 'pilot'"), "\(r)")
        #expect(r.stdout.contains("big.yaml:16:13: error: 'wait' in the pause plan"), "\(r)")
        #expect(r.stdout.contains("big.yaml:17:59: error: 'timeout' of the webhook"), "\(r)")
        #expect(r.stdout.contains("at most 3650d") && r.stdout.contains("at most 1d"), "\(r)")
    }

    @Test("the largest accepted values: gates, advance, pause with a wait and report run without a crash")
    func largestValuesWork() async throws {
        let box = try Sandbox()
        let file = try box.write("max.yaml", Self.playbook(soak: "3650d", wait: "3650d", timeout: "1d"))
        try await box.okAsync(["validate", file], global: false)
        try await box.setUpAsync(playbook: file)
        for now in [Sandbox.t0, "9999-12-31T23:59:59Z"] {
            let gates = try await box.runAsync(["gates", "north"], now: now)
            #expect(gates.status == 0 || gates.status == 3, "\(gates)")
            #expect(!gates.signaled)
        }
        let advance = try await box.runAsync(["advance", "north"], now: Sandbox.hoursAfterT0(1))
        #expect(advance.status == 3 && !advance.signaled, "soak not over: refused, not a crash: \(advance)")
        let pause = try await box.runAsync(["pause", "north", "--reason", "test"], now: Sandbox.hoursAfterT0(2))
        #expect(!pause.signaled && pause.status != 1, "the wait step waits (simulated clock), it does not trap: \(pause)")
        let report = try await box.runAsync(["report", "north"], now: "9999-12-31T23:59:59Z")
        #expect(report.status == 0 && !report.signaled, "\(report)")
        try await box.verifiesAsync()
    }
}
