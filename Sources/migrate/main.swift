import ArgumentParser

/// The `migrate` command: moves a fleet of EV chargers from one CSMS to another, cohort by cohort.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move EV chargers from one CSMS to another, cohort by cohort, behind gates.",
        subcommands: [ValidateCommand.self, SchemaCommand.self]
    )
}

Migrate.main()
