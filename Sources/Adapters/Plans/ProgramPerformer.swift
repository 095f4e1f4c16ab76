import Engine
import Foundation
import Playbook
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `run` steps: a program and its arguments, never through a shell, with a timeout.
///
/// The program inherits `environment` plus the event in `MIGRATE_*` variables. Its stdout and
/// stderr go to one pipe, read while it runs; the outcome keeps the last 4 KiB.
public struct ProgramPerformer: Sendable {
    /// Inherited by the program; its `PATH` resolves a program name without a `/`.
    public var environment: [String: String]
    /// After the timeout the program (and its process group) gets SIGTERM, and SIGKILL if it is still running this much later.
    public var killGrace: Duration

    /// How much output the outcome keeps (the end of it).
    public static let outputLimit = 4096

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, killGrace: Duration = .seconds(5)) {
        self.environment = environment
        self.killGrace = killGrace
    }

    /// The variables added to the program's environment, in a stable order.
    ///
    /// `MIGRATE_COHORT`, `MIGRATE_PLAYBOOK`, `MIGRATE_PLAN`, `MIGRATE_PLAN_RUN`, `MIGRATE_STEP`, `MIGRATE_PHASE`,
    /// `MIGRATE_FROM_PHASE`, `MIGRATE_STATUS`, `MIGRATE_REASON`, `MIGRATE_ACTOR`, `MIGRATE_IDEMPOTENCY_KEY`,
    /// `MIGRATE_CHARGERS_ROUTED` (comma-separated), `MIGRATE_AT` (ISO 8601 UTC), `MIGRATE_SIMULATED` (`true`/`false`).
    public static func environmentAdditions(event: PlanEvent, stepIndex: Int) -> [(name: String, value: String)] {
        [
            ("MIGRATE_COHORT", event.cohort),
            ("MIGRATE_PLAYBOOK", event.playbook),
            ("MIGRATE_PLAN", event.plan.rawValue),
            ("MIGRATE_PLAN_RUN", event.planRun),
            ("MIGRATE_STEP", String(stepIndex)),
            ("MIGRATE_PHASE", event.phase),
            ("MIGRATE_FROM_PHASE", event.fromPhase),
            ("MIGRATE_STATUS", event.status),
            ("MIGRATE_REASON", event.reason),
            ("MIGRATE_ACTOR", event.actor),
            ("MIGRATE_IDEMPOTENCY_KEY", event.idempotencyKey(step: stepIndex)),
            ("MIGRATE_CHARGERS_ROUTED", event.chargersRouted.joined(separator: ",")),
            ("MIGRATE_AT", WebhookRequest.iso8601(event.at)),
            ("MIGRATE_SIMULATED", event.simulated ? "true" : "false"),
        ].map { (name: $0.0, value: $0.1.replacingNUL()) }
    }

    /// The arguments with templates filled in, verbatim (the program name itself is not a template).
    public static func renderedArguments(_ step: RunStep, event: PlanEvent) throws(TemplateError) -> [String] {
        let renderer = TemplateRenderer(event: event)
        var arguments: [String] = []
        for argument in step.command.dropFirst() { arguments.append(try renderer.render(argument, for: .argument)) }
        return arguments
    }

    /// The absolute path of `program`: as given if it has a `/` (relative to the current directory),
    /// else the first executable file of that name in `PATH`. nil if there is none.
    public func resolve(_ program: String) -> String? {
        let fileManager = FileManager.default
        func isExecutableFile(_ path: String) -> Bool {
            var isDirectory: ObjCBool = false
            return fileManager.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && fileManager.isExecutableFile(atPath: path)
        }
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : fileManager.currentDirectoryPath + "/" + program
            return isExecutableFile(path) ? path : nil
        }
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let dir = directory.isEmpty ? fileManager.currentDirectoryPath : String(directory)
            let candidate = dir + "/" + program
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    public func perform(_ step: RunStep, event: PlanEvent, stepIndex: Int) async -> StepOutcome {
        guard let program = step.command.first, !program.isEmpty else {
            return StepOutcome(succeeded: false, summary: "run: no program given", attempts: 0)
        }
        let arguments: [String]
        do {
            arguments = try Self.renderedArguments(step, event: event)
        } catch {
            return StepOutcome(succeeded: false, summary: "run \(program): \(error); not started", attempts: 0)
        }
        let commandLine = Self.displayCommand([program] + arguments)
        guard let path = resolve(program) else {
            let where_ = program.contains("/") ? "" : " in PATH"
            return StepOutcome(succeeded: false, summary: "\(commandLine): program not found\(where_) (or not executable)", attempts: 0)
        }

        var childEnvironment = environment
        for (name, value) in Self.environmentAdditions(event: event, stepIndex: stepIndex) { childEnvironment[name] = value }

        let run: ProgramRun
        switch await ProgramRun.start(path: path, arguments: arguments, environment: childEnvironment,
                                      timeout: .seconds(step.timeout.seconds), killGrace: killGrace, outputLimit: Self.outputLimit) {
        case let .failure(failure):
            return StepOutcome(succeeded: false, summary: "\(commandLine): \(failure)", attempts: 0)
        case let .success(started):
            run = started
        }
        let output = run.output.text
        switch run.end {
        case let .timedOut(killed):
            let how = killed ? "killed after \(Self.seconds(killGrace)) more" : "terminated"
            return StepOutcome(succeeded: false, summary: "\(commandLine) timed out after \(step.timeout) (\(how))", output: output)
        case let .cancelled(status):
            return StepOutcome(succeeded: false, summary: "\(commandLine) cancelled (terminated; status \(status))", output: output)
        case .exited(0):
            return StepOutcome(succeeded: true, summary: "\(commandLine) → exit 0 in \(Self.seconds(run.elapsed))", output: output)
        case let .exited(status):
            return StepOutcome(succeeded: false, summary: "\(commandLine) → exit \(status) in \(Self.seconds(run.elapsed))", output: output)
        case let .signaled(signal):
            return StepOutcome(succeeded: false, summary: "\(commandLine) → killed by signal \(signal)", output: output)
        case let .other(status):
            return StepOutcome(succeeded: false, summary: "\(commandLine) → ended with status \(status)", output: output)
        }
    }

    /// The command line and the environment additions, for `--dry-run`.
    public func describe(_ step: RunStep, event: PlanEvent, stepIndex: Int) -> String {
        guard let program = step.command.first, !program.isEmpty else { return "run: no program given (the step would fail)" }
        let arguments: [String]
        do {
            arguments = try Self.renderedArguments(step, event: event)
        } catch {
            return "run \(Self.displayCommand(step.command))\n(cannot render: \(error); the step would fail)"
        }
        var lines = ["run \(Self.displayCommand([program] + arguments))  (no shell; timeout \(step.timeout))"]
        if resolve(program) == nil { lines.append("(\(program) is not found or not executable here: the step would fail)") }
        for (name, value) in Self.environmentAdditions(event: event, stepIndex: stepIndex) {
            lines.append("  \(name)=\(Self.shellQuoted(value))")
        }
        return lines.joined(separator: "\n")
    }

    /// A pipe whose two ends are close-on-exec (see `ProgramRun.closeOnExecPipe`).
    static func closeOnExecPipe() -> (read: FileHandle, write: FileHandle)? { ProgramRun.closeOnExecPipe() }

    // MARK: - Display

    /// Words quoted as a shell would need them, for people to read (nothing is ever run through a shell).
    static func displayCommand(_ words: [String]) -> String {
        let line = words.map(shellQuoted).joined(separator: " ")
        return line.count > 200 ? String(line.prefix(199)) + "…" : line
    }

    static func shellQuoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { u in
            u.isASCII && (("a"..."z").contains(u) || ("A"..."Z").contains(u) || ("0"..."9").contains(u) || "-_./=:,@%+".unicodeScalars.contains(u))
        }
        if plain { return word }
        let escaped = word.replacingOccurrences(of: "'", with: "'\\''")
            .replacingOccurrences(of: "\n", with: "'$'\\n''")
            .replacingOccurrences(of: "\r", with: "'$'\\r''")
        return "'" + escaped + "'"
    }

    static func seconds(_ d: Duration) -> String {
        let s = d.timeInterval
        return s < 10 ? String(format: "%.1fs", s) : "\(Int(s.rounded()))s"
    }
}
