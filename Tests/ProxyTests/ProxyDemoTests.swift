import Foundation
import Testing

/// The demo (tools/proxy-demo/run.sh) runs as documented: two CSMSes, the proxy and six charge points on
/// 127.0.0.1; the pilot moves at `advance` and comes back at `rollback`; `migrate gates` shows the KPIs the
/// proxy imported by itself. The script checks each step itself and exits 1 saying which failed.
@Suite(.serialized, .enabled(if: Peers.available, Peers.reason))
struct ProxyDemoTests {
    @Test func theDemoMovesThePilotAndBackWithLiveKPIs() async throws {
        let directory = try Paths.temporaryDirectory("demo")
        print("PROXY-DEMO-TEST-RAN")
        let script = Paths.packageRoot.appendingPathComponent("tools/proxy-demo/run.sh").path
        let demo = try ChildProcess(name: "demo", executable: "/bin/bash", arguments: [script], directory: directory,
                                    environment: ["MIGRATE": Paths.migrate, "DEMO_DIR": directory.appendingPathComponent("work").path])
        guard let status = try await demo.waitForExit(timeout: .seconds(300)) else {
            demo.signal(SIGTERM)   // the script stops what it started
            _ = try? await demo.waitForExit(timeout: .seconds(15))
            await demo.stop()
            Issue.record("the demo did not finish within 300 s\n\(demo.tail())")
            return
        }
        let out = demo.output()
        #expect(status == 0, "\(demo.tail())")
        #expect(out.contains("DEMO OK"))
        #expect(out.contains("connected through the proxy: legacy 6, target 0"), "all six on legacy first")
        #expect(out.contains("connected through the proxy: legacy 4, target 2"), "the pilot on target after advance")
        // The gates table after advance: the switches' failure rate was imported and passes; sessions counted.
        let gates = out.components(separatedBy: "== migrate gates demo").last?.components(separatedBy: "== migrate rollback").first ?? ""
        #expect(gates.contains("switch_failure_rate") && gates.contains("session_start_success"), "\(gates)")
        for metric in ["route.switch.completed", "route.switch.requested", "session.started", "connection.established"] {
            #expect(gates.contains(metric), "metrics list shows \(metric) imported by the proxy: \(gates)")
        }
        #expect(out.contains("migrate_proxy_switches_total{outcome=\"done\"} 4"), "two moves there and two back")
        // The routes moved only at advance and rollback; the proxy's imports are entries of their own.
        #expect(out.components(separatedBy: "route-changed").count - 1 >= 2)
        #expect(!out.contains("the proxy imported what it recorded 0 times"))
    }
}
