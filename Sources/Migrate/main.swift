import ArgumentParser
import Foundation

/// The `migrate` command: moves a fleet of EV chargers from one CSMS to another, cohort by cohort.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move EV chargers from one CSMS to another, cohort by cohort, behind gates.",
        discussion: """
            Exit codes: 0 done; 1 error (bad input, unknown cohort, store or network failure);
            3 refused (gates did not all pass, or the cohort's state does not allow the command).
            Start with `migrate demo`.
            """,
        version: "migrate 0.1.0",
        subcommands: [
            ValidateCommand.self, SchemaCommand.self,
            FleetCommand.self, CohortCommand.self,
            StatusCommand.self, GatesCommand.self, AdvanceCommand.self, PauseCommand.self, ResumeCommand.self,
            RollbackCommand.self, ConfirmCommand.self, RestartCommand.self, EvaluateCommand.self,
            HistoryCommand.self, VerifyCommand.self, RoutesCommand.self,
            IssuesCommand.self, ApproveCommand.self, MetricsCommand.self, ReportCommand.self, DemoCommand.self,
            OCPPCommand.self, SegmentCommand.self, ProxyCommand.self, ServeCommand.self, TokenCommand.self,
            DbCommand.self, StoreCommand.self,
        ]
    )
}

/// Calls the async `run()` of a command (on an existential, plain `run()` would pick the synchronous one).
func runAsync<C: AsyncParsableCommand>(_ command: inout C) async throws {
    try await command.run()
}

do {
    var command = try MigrateCommand.parseAsRoot()
    if var asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(&asyncCommand)
    } else {
        try command.run()
    }
} catch {
    // Argument parsing, help and exit codes are ArgumentParser's to print; everything else is rendered in one place.
    if String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
        // Bad arguments are bad input: exit 1 as the contract says (ArgumentParser's own code is 64).
        if MigrateCommand.exitCode(for: error) == .validationFailure {
            Output.standardError("error: " + MigrateCommand.message(for: error) + " (see `migrate help`)")
            exit(1)
        }
        MigrateCommand.exit(withError: error)
    }
    ErrorRendering.exit(with: error)
}
