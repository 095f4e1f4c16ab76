import ArgumentParser
import Engine
import Foundation
import Store

/// The demo's story, told through the same commands a person would type.
final class DemoScript {
    let storePath: String
    let folder: URL
    let receiver: DemoReceiver
    /// The simulated clock: Monday 2 November 2026, 09:00 UTC, and on from there.
    var now = ISOTime.parse("2026-11-02T09:00:00Z")!
    let start = ISOTime.parse("2026-11-02T09:00:00Z")!

    init(storePath: String) throws {
        let url = URL(fileURLWithPath: storePath)
        if url.standardizedFileURL.path == URL(fileURLWithPath: "./migrate.db").standardizedFileURL.path
            || ProcessInfo.processInfo.environment["MIGRATE_DB"].map({ URL(fileURLWithPath: $0).standardizedFileURL.path == url.standardizedFileURL.path }) == true {
            throw MigrateError.invalid("the demo never writes the default store (\(storePath)); give it another --db")
        }
        if FileManager.default.fileExists(atPath: storePath) {
            // Only a previous demo's store is replaced: it holds the demo's playbook.
            let previous = try? MigrateStore(path: storePath).cohorts()
            guard let previous, previous.allSatisfy({ $0.playbookName == "demo-cutover" }) else {
                throw MigrateError.invalid("\(storePath) exists and is not a previous demo's store; give the demo another --db")
            }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }
        }
        self.storePath = storePath
        folder = url.deletingPathExtension().appendingPathExtension("files")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        receiver = try DemoReceiver()
        setenv("MIGRATE_DEMO_WEBHOOK_KEY", "demo-secret", 1)
    }

    // MARK: Telling

    func act(_ title: String) { print("\n\u{1B}[1m== \(title)\u{1B}[0m") }
    func say(_ text: String) { print(text.split(separator: "\n", omittingEmptySubsequences: false).map { "   " + $0 }.joined(separator: "\n")) }
    func day(_ n: Double, at hour: Double = 9) {
        now = start.addingTimeInterval(n * 86_400 + (hour - 9) * 3_600)
        print("\n\u{1B}[2m-- clock: \(ISOTime.format(now)) (day \(Int(n)))\u{1B}[0m")
    }

    /// Runs `migrate ARGS` in this process, as `actor`, on the demo's store and clock; returns the exit code.
    @discardableResult
    func migrate(_ args: String..., as actor: String = "alice") async -> Int32 {
        print("\n$ migrate " + args.map { $0.contains(" ") ? "\"\($0)\"" : $0 }.joined(separator: " ") + (actor == "alice" ? "" : "   (as \(actor))"))
        let full = args.first == "validate" ? args : args + ["--db", storePath, "--now", ISOTime.format(now), "--actor", actor]
        do {
            var command = try MigrateCommand.parseAsRoot(full)
            if var asyncCommand = command as? any AsyncParsableCommand { try await runAsync(&asyncCommand) } else { try command.run() }
            return 0
        } catch {
            if let message = ErrorRendering.message(for: error) { print(message) }
            return ErrorRendering.exitCode(for: error)
        }
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Metric samples for the chargers of the fleet as they are routed now, `days` days from day `from`; none for
    /// `excluding` (chargers whose evidence comes from their OCPP traffic instead).
    func samples(_ name: String, fromDay: Int, days: Int, excluding: Set<String> = []) throws -> String {
        let store = try MigrateStore(path: storePath)
        let routes = Dictionary(uniqueKeysWithValues: try store.routes(cohort: nil).map { ($0.charger, $0) })
        let fleet = try store.fleet().map(\.id).filter { !excluding.contains($0) }
        let csv = DemoData.samplesCSV(start: start.addingTimeInterval(Double(fromDay) * 86_400), days: days, chargers: fleet) { id in
            guard let route = routes[id], route.backend == "target" else { return DemoData.legacy }
            return route.cohort == "south" ? DemoData.targetSouth : DemoData.target
        }
        return try write(name, csv)
    }

    // MARK: The story

    func play() async throws {
        let playbookPath = try write("demo-cutover.yaml", DemoPlaybook.text(port: receiver.port))
        let fleetPath = try write("fleet.csv", DemoData.fleetCSV())
        print("""
            migrate demo: a charge point operator moves 120 chargers in two regions from its legacy CSMS to a new one.
            Every step below is a real `migrate` command on the demo's own store (\(storePath)) with a simulated clock.
            Files (playbook, fleet, samples, OCPP traffic) are in \(folder.path)/; webhooks go to a receiver on 127.0.0.1:\(receiver.port).
            """)

        act("1. The playbook and the fleet")
        say("The playbook says how: a two-week pilot on one site per region, a checkpoint, a 50% wave, then the whole region.\nFirst check it, as an editor or CI would.")
        await migrate("validate", playbookPath)
        await migrate("fleet", "import", fleetPath)

        act("2. Pilot of the north region: not enough evidence yet")
        day(0)
        await migrate("cohort", "create", "north", "--playbook", playbookPath, "--where", "region=north", "--reason", "Q4 cutover, north first")
        say("The pilot's scope routes the chargers of depot-north to the new platform; mall-west and harbor-north stay on legacy for now.")
        day(1)
        _ = try await migrate("metrics", "import", samples("samples-day0.csv", fromDay: 0, days: 1))
        await migrate("gates", "north")
        say("One day of data: too few samples for the session gate, and the soak has 13 days to go. Pending is never a pass:")
        await migrate("advance", "north", "--reason", "eager")

        act("3. A fleet-wide issue blocks the pilot")
        day(3)
        await migrate("issues", "add", "--title", "Remote unlock times out on ABB firmware 1.4", "--severity", "high", "--scope", "fleet-wide", "--owner", "platform-team", as: "bob")
        day(7)
        _ = try await migrate("metrics", "import", samples("samples-week1.csv", fromDay: 1, days: 6))
        await migrate("advance", "north", "--reason", "week one review")
        say("The metrics pass now, but an open high-severity fleet-wide issue fails its gate: a risk for the whole fleet, not only the pilot.")

        act("4. The issue is fixed; the soak is over; the pilot passes")
        day(10)
        await migrate("issues", "close", "ISS-1", "--note", "fixed in platform release 2.3", as: "bob")
        day(14)
        _ = try await migrate("metrics", "import", samples("samples-week2.csv", fromDay: 7, days: 7))
        await migrate("advance", "north", "--reason", "pilot criteria met")

        act("5. The checkpoint waits for approvals by distinct people")
        await migrate("advance", "north", "--reason", "checkpoint")
        await migrate("approve", "north", "--role", "operations", "--note", "runbooks updated")
        await migrate("approve", "north", "--role", "finance", "--note", "alice can't be two people")
        await migrate("gates", "north")
        say("alice approved twice: one person counts once, so two roles are still missing.")
        await migrate("approve", "north", "--role", "support", "--note", "support trained", as: "bob")
        await migrate("approve", "north", "--role", "finance", "--note", "costs in line", as: "carol")
        await migrate("advance", "north", "--reason", "checkpoint passed")
        if let hook = receiver.requests.last {
            say("The expansion's on_enter webhook reached the receiver: \(hook.method) \(hook.path)\n\(hook.body)")
        }

        act("6. Expansion and the whole region")
        day(21)
        _ = try await migrate("metrics", "import", samples("samples-week3.csv", fromDay: 14, days: 7))
        await migrate("advance", "north", "--reason", "wave healthy")
        day(28)
        _ = try await migrate("metrics", "import", samples("samples-week4.csv", fromDay: 21, days: 7))
        await migrate("advance", "north", "--reason", "region done")
        await migrate("status", "north")

        act("7. The south region: worse than legacy, rolled back")
        say("South starts its pilot on day 28, on depot-south. Its chargers on the new platform fail remote unlocks far more often than the legacy fleet.")
        await migrate("cohort", "create", "south", "--playbook", playbookPath, "--where", "region=south", "--reason", "south next")
        day(35)
        _ = try await migrate("metrics", "import", samples("samples-week5.csv", fromDay: 28, days: 7, excluding: Set(DemoTraffic.chargers)))
        say("""
            Six of the pilot's chargers sit behind the OCPP routing proxy, which records every frame. Their evidence is their own
            traffic: `ocpp import` counts the KPIs in the frame log (sessions started, drops, remote commands answered, CDRs
            consistent) and stores them under the names the playbook's metrics use (session.started, remote.succeeded, ...).
            """)
        let traffic = try write("south-pilot-traffic.jsonl", DemoTraffic.southPilot + "\n")
        await migrate("ocpp", "import", traffic)
        await migrate("ocpp", "import", traffic)
        say("The same log again changes nothing; a log that has grown adds only what is new.")
        await migrate("gates", "south")
        say("remote_action_success is worse than the legacy fleet by more than max_drop, on the proxied chargers' real traffic too\n(remote unlocks and resets refused or never answered). The pilot's on_fail is rollback;\nthe automation pass (a cron job would run it) applies it:")
        let before = receiver.requests.count
        await migrate("evaluate", "south")
        say("The rollback plan routed every south charger back to legacy, sent its webhook, and now waits for a person.")
        for hook in receiver.requests.dropFirst(before) {
            let headers = hook.headers.filter { ["idempotency-key", "x-migrate-signature", "x-migrate-event"].contains($0.0.lowercased()) }
            say("Webhook received: \(hook.method) \(hook.path)\n" + headers.map { "\($0.0): \($0.1)" }.joined(separator: "\n") + "\n\(hook.body)")
        }
        await migrate("status", "south")
        await migrate("confirm", "south", "--note", "all 60 chargers reconnected to legacy", as: "bob")
        let routes = try MigrateStore(path: storePath).routes(cohort: "south")
        say("\(routes.filter { $0.backend == "legacy" }.count) of \(routes.count) south chargers are routed to legacy again (`migrate routes --cohort south`).")

        act("8. The journal")
        await migrate("history", "north")
        await migrate("verify")

        print("""

            Done. The demo's store is \(storePath). Explore it:
              migrate status --db \(storePath)
              migrate gates north --db \(storePath) --now \(ISOTime.format(now))
              migrate history south --db \(storePath) --json
              migrate routes --db \(storePath) --format json
              migrate report north --db \(storePath) --format html --output north-checkpoint.html
              migrate verify --db \(storePath)
            """)
    }
}
