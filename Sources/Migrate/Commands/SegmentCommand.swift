import Application
import ArgumentParser
import Engine
import Foundation

/// `migrate segment list COHORT [--json]` and `migrate segment release COHORT ATTR=VALUE --reason T`.
struct SegmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Quarantined segments: list them, or let one back in.",
        discussion: """
            A metric gate with `by: ATTR` and `on_fail: quarantine` sends the chargers of a failing segment (e.g. one \
            firmware) back to `from` and leaves them out of every later scope, while the rest of the cohort carries on.
            """,
        subcommands: [List.self, Release.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The cohort's quarantined segments: why, since when, how many chargers.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The cohort.") var cohort: String
        @Flag(help: "Print JSON: an array of {segment, attribute, value, chargers, gate, why, phase, since, seq}.") var json = false

        func run() async throws {
            let segments = try Context(global, quiet: true).service.segments(of: cohort)
            if json { return try Output.printJSON(segments.quarantines.map(QuarantineView.init)) }
            guard !segments.quarantines.isEmpty else { return print("cohort \(cohort) has no quarantined segment") }
            print(Output.table(["SEGMENT", "CHARGERS", "SINCE", "PHASE", "ENTRY", "WHY"], segments.quarantines.map {
                [$0.name, String($0.chargers.count), ISOTime.format($0.since), $0.phase, "#\($0.seq)", $0.detail]
            }))
            print("let one back in with: migrate segment release \(cohort) ATTR=VALUE --reason \"...\"")
        }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release",
            abstract: "Let a quarantined segment back in: the current scope routes its chargers again and the gates judge them again.",
            discussion: "Refused (exit 3) when the segment is not quarantined, or the cohort is paused or rolling back.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The cohort.") var cohort: String
        @Argument(help: ArgumentHelp("The segment, e.g. model=GL-DUO.", valueName: "attr=value")) var segment: String
        @Option(help: "Why, recorded in the journal.") var reason: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let name = try SegmentName(parsing: segment)
            try await Transition.run(global: global, json: json) {
                try await $0.release(cohort, attribute: name.attribute, value: name.value, reason: reason, as: $1)
            }
        }
    }
}
