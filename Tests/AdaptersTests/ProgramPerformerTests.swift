@testable import Adapters
import Engine
import Foundation
import Playbook
import Testing

/// Test programs are `/bin/sh -c` scripts (in tests only); the performer itself never uses a shell.
@Suite struct ProgramPerformerTests {
    let performer = ProgramPerformer(environment: ["PATH": "/usr/bin:/bin", "INHERITED": "yes", "MIGRATE_COHORT": "stale"],
                                     killGrace: .milliseconds(300))

    /// A test program: `/bin/sh -c BODY`. (Writing script files while other tests start programs
    /// races with fork: a child can inherit the file's write descriptor, and exec then fails ETXTBSY.)
    func script(_ body: String) -> [String] {
        ["/bin/sh", "-c", body, "prog"]
    }

    func shown(_ command: [String]) -> String { ProgramPerformer.displayCommand(command) }

    func run(_ command: [String], timeout: Int64 = 10, event: PlanEvent = Sample.event()) async -> StepOutcome {
        await performer.perform(RunStep(command: command, timeout: PlaybookDuration(seconds: timeout)), event: event, stepIndex: 2)
    }

    @Test func passesTheEventInTheEnvironment() async throws {
        let prog = script("env | grep -E '^(MIGRATE_|INHERITED=)' | sort")
        let outcome = await run(prog)
        #expect(outcome.succeeded)
        #expect(outcome.summary.hasPrefix("\(shown(prog)) → exit 0 in "))
        #expect(outcome.output == """
            INHERITED=yes
            MIGRATE_ACTOR=gate:error-rate
            MIGRATE_AT=2026-03-14T09:26:53Z
            MIGRATE_CHARGERS_ROUTED=CP-001,CP-002
            MIGRATE_COHORT=eu-west-1
            MIGRATE_FROM_PHASE=canary
            MIGRATE_IDEMPOTENCY_KEY=eu-west-1/rollback/42/2
            MIGRATE_PHASE=rolling-back
            MIGRATE_PLAN=rollback
            MIGRATE_PLAN_RUN=eu-west-1/rollback/42
            MIGRATE_PLAYBOOK=move-to-nova
            MIGRATE_REASON=error rate 3.1% > 2%
            MIGRATE_SIMULATED=false
            MIGRATE_STATUS=rolling-back
            MIGRATE_STEP=2

            """)
    }

    @Test func argumentsArePassedVerbatimWithTemplatesFilled() async throws {
        let prog = script(#"for a in "$@"; do printf '[%s]\n' "$a"; done"#)
        let reason = "it's $(rm -rf /); `id` && \"quoted\" *\nnext"
        let outcome = await run(prog + ["--cohort={{cohort}}", "{{reason}}", "", "$HOME", "a b"], event: Sample.event(reason: reason))
        #expect(outcome.succeeded)
        #expect(outcome.output == "[--cohort=eu-west-1]\n[\(reason)]\n[]\n[$HOME]\n[a b]\n")
    }

    @Test func resolvesAProgramThroughPATH() async {
        let outcome = await run(["sh", "-c", "echo from-path", "x"])
        #expect(outcome.succeeded)
        #expect(outcome.output == "from-path\n")
    }

    @Test func aNonzeroExitFails() async throws {
        let prog = script("echo about to fail; echo oops >&2; exit 3")
        let outcome = await run(prog)
        #expect(!outcome.succeeded)
        #expect(outcome.summary.hasPrefix("\(shown(prog)) → exit 3 in "))
        #expect(outcome.output == "about to fail\noops\n")
    }

    @Test func aProgramThatRunsTooLongIsTerminated() async throws {
        let prog = script("echo started; exec sleep 300")
        let started = ContinuousClock.now
        let outcome = await run(prog, timeout: 1)
        #expect(!outcome.succeeded)
        #expect(outcome.summary == "\(shown(prog)) timed out after 1s (terminated)")
        #expect(outcome.output == "started\n")
        // The summary proves the timeout fired; the bound only proves the 300 s were not waited out (timers may be late
        // while blocking tests in parallel hold the cooperative threads).
        #expect(ContinuousClock.now - started < .seconds(280))
    }

    @Test func whatATimedOutProgramStartedIsStoppedToo() async throws {
        let prog = script("sleep 300 & echo $!; wait")
        let started = ContinuousClock.now
        let outcome = await run(prog, timeout: 1)
        #expect(outcome.summary == "\(shown(prog)) timed out after 1s (terminated)")
        // The summary proves the timeout fired; the bound only proves the 300 s were not waited out (timers may be late
        // while blocking tests in parallel hold the cooperative threads).
        #expect(ContinuousClock.now - started < .seconds(280))
        let child = try #require(outcome.output.flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        var gone = false
        for _ in 0..<20 where !gone {
            let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8)
            gone = stat == nil || stat!.contains(") Z ")
            if !gone { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(gone)
    }

    @Test func aProgramThatIgnoresTERMIsKilled() async throws {
        let prog = script("trap '' TERM; echo stubborn; while :; do :; done")
        let started = ContinuousClock.now
        let outcome = await run(prog, timeout: 1)
        #expect(!outcome.succeeded)
        #expect(outcome.summary == "\(shown(prog)) timed out after 1s (killed after 0.3s more)")
        #expect(outcome.output == "stubborn\n")
        // The summary proves the timeout fired; the bound only proves the 300 s were not waited out (timers may be late
        // while blocking tests in parallel hold the cooperative threads).
        #expect(ContinuousClock.now - started < .seconds(280))
    }

    @Test func cancellingStopsTheProgram() async throws {
        let prog = script("echo started; exec sleep 300")
        let p = performer
        let task = Task { await p.perform(RunStep(command: prog, timeout: PlaybookDuration(seconds: 60)), event: Sample.event(), stepIndex: 0) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let outcome = await task.value
        #expect(!outcome.succeeded)
        #expect(outcome.summary == "\(shown(prog)) cancelled (terminated; status 15)")
    }

    @Test func largeOutputIsBoundedWithoutDeadlock() async throws {
        // 1 MB on stdout and 1 MB on stderr, more than any pipe buffer, then a last line.
        let prog = script("head -c 1000000 /dev/zero | tr '\\0' a; head -c 1000000 /dev/zero | tr '\\0' b >&2; echo; echo the end")
        let outcome = await run(prog, timeout: 20)
        #expect(outcome.succeeded)
        let output = try #require(outcome.output)
        #expect(output.hasPrefix("[output truncated: the last 4096 of 2000009 bytes]\n"))
        #expect(output.hasSuffix("bbbb\nthe end\n"))
        #expect(output.utf8.count < 4096 + 100)
    }

    @Test func aMissingProgramFailsClearly() async {
        let byName = await run(["no-such-program-migrate-test", "x"])
        #expect(!byName.succeeded)
        #expect(byName.summary == "no-such-program-migrate-test x: program not found in PATH (or not executable)")
        let byPath = await run(["/nonexistent/prog"])
        #expect(byPath.summary == "/nonexistent/prog: program not found (or not executable)")
        let empty = await run([])
        #expect(empty.summary == "run: no program given")
    }

    @Test func aNonExecutableFileIsNotRun() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-noexec-\(UUID().uuidString)").path
        try "#!/bin/sh\nexit 0\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = await run([path])
        #expect(!outcome.succeeded)
        #expect(outcome.summary == "\(path): program not found (or not executable)")
    }

    @Test func describeShowsTheCommandAndTheEnvironment() {
        let text = performer.describe(RunStep(command: ["sh", "-c", "notify {{cohort}}", "{{reason}}"], timeout: .init(seconds: 60)),
                                      event: Sample.event(reason: "it's late"), stepIndex: 2)
        let lines = text.components(separatedBy: "\n")
        #expect(lines[0] == "run sh -c 'notify eu-west-1' 'it'\\''s late'  (no shell; timeout 1m)")
        #expect(lines.contains("  MIGRATE_COHORT=eu-west-1"))
        #expect(lines.contains("  MIGRATE_REASON='it'\\''s late'"))
        #expect(lines.contains("  MIGRATE_IDEMPOTENCY_KEY=eu-west-1/rollback/42/2"))
    }
}

@Suite struct PlanStepPerformerTests {
    @Test func dispatchesAndLeavesEngineStepsAlone() async {
        let performer = PlanStepPerformer(environment: ["PATH": "/usr/bin:/bin"], backoff: Sample.fastBackoff)
        let ran = await performer.perform(.run(RunStep(command: ["true"])), event: Sample.event(), stepIndex: 0)
        #expect(ran.succeeded)
        let routed = await performer.perform(.route(backend: "old"), event: Sample.event(), stepIndex: 0)
        #expect(!routed.succeeded)
        #expect(performer.describe(.route(backend: "old"), event: Sample.event(), stepIndex: 0) == "route every charger of eu-west-1 to old")
        #expect(performer.describe(.wait(.init(seconds: 600)), event: Sample.event(), stepIndex: 0) == "wait 10m")
    }
}
