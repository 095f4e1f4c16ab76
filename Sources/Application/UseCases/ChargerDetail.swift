import Engine
import Foundation
import Gates

/// One charger as a support agent needs it when a site calls: where it is routed now and since when, every route
/// change the journal made to it, its samples of the last days by sample name, and the issues whose title names it.
public struct ChargerDetail: Sendable {
    public struct Move: Sendable {
        public var seq: Int64
        public var at: Date
        public var cohort: String?
        public var actor: String
        public var backend: String
        public var reason: String?
    }

    public struct DailyKPI: Sendable {
        public var day: Date
        /// Sum and count per sample name.
        public var sums: [String: Double]
        public var counts: [String: Int]
    }

    public var charger: Charger
    public var route: Route?
    public var moves: [Move]
    public var kpis: [DailyKPI]
    public var days: Int
    public var issues: [IssueRecord]
}

extension MigrationService {
    /// `id`'s detail with samples of the last `days` days to `invocation.now`; not found when the fleet has no such charger.
    public func chargerDetail(_ id: String, days: Int = 7, as invocation: Invocation) throws -> ChargerDetail {
        guard let charger = try store.fleet().first(where: { $0.id == id }) else {
            throw MigrateError(.notFound, "charger '\(id)' is not in the fleet")
        }
        let route = try store.routes(cohort: nil).first { $0.charger == id }
        var moves: [ChargerDetail.Move] = []
        for e in try store.history(cohort: route?.cohort) {
            if case let .routeChanged(r) = e.event, r.chargers.contains(id) {
                moves.append(.init(seq: e.seq, at: e.at, cohort: e.cohort, actor: e.actor, backend: r.backend, reason: e.reason))
            }
        }
        let names = try store.metricSummaries().map(\.name)
        let window = EvidenceWindow(start: invocation.now.addingTimeInterval(-Double(days) * 86_400), end: invocation.now)
        let kpis = names.isEmpty ? [] : try store.dailyTotals(of: names, chargers: [id], window: window)
            .map { ChargerDetail.DailyKPI(day: $0.day, sums: $0.totals.sums, counts: $0.totals.counts) }
        let issues = try store.issues().filter { $0.title.contains(id) }
        return ChargerDetail(charger: charger, route: route, moves: moves, kpis: kpis, days: days, issues: issues)
    }
}
