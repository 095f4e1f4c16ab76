import Application
import ArgumentParser
import Engine
import Foundation

/// `migrate routes [--cohort NAME] [--format table|csv|json]`: the routing table routers follow.
struct RoutesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes",
        abstract: "The routing table: charger → backend, with the backend's URL, since when, and the journal entry that set it.",
        discussion: "Chargers in no cohort are not listed: they stay where they are (the playbooks' `from` backend).")
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this cohort's chargers.") var cohort: String?
    @Option(help: "table, csv or json.") var format: Format = .table

    func run() async throws {
        let routes = try Context(global, quiet: true).service.routes(of: cohort)
        switch format {
        case .json: print(RoutesJSON.render(routes))
        case .csv: print(RoutesCSV.render(routes))
        case .table:
            print(Output.table(["CHARGER", "COHORT", "BACKEND", "URL", "SINCE", "SEQ"],
                               routes.map { [$0.charger, $0.cohort ?? "", $0.backend, $0.url, ISOTime.format($0.since), String($0.seq)] }))
        }
    }
}
