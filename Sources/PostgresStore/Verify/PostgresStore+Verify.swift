import Engine
import Foundation
import Gates
import PostgresNIO
import Store

extension PostgresStore {
    /// Checks the whole journal's hash chain, then that the tables equal the state replayed from the journal, then
    /// the sample tables against the imports' records: the SQLite store's checks, on one snapshot of the database.
    public func verify() throws -> VerifyReport {
        try session.run { c in
            try await c.transaction(c.logger, readSnapshot: true) {
                var report = VerifyReport(entries: 0, lastHash: nil, problem: nil, problemSeq: nil)
                var state = FleetState()
                var expectedSeq: Int64 = 1
                var prev = EntryHash.genesis
                var imports: [(seq: Int64, event: JournalEvent.MetricsImported)] = []
                let rows = try await c.query("""
                    SELECT seq, at, kind, cohort, actor, reason, simulated, payload, prev_hash, hash FROM journal ORDER BY seq
                    """, logger: c.logger)
                for try await row in rows {
                    let (seq, at, kind, cohort, actor, reason, simulated, payload, prevHash, stored) =
                        try row.decode((Int64, String, String, String?, String, String?, Bool, String, String, String).self)
                    func fail(_ message: String) -> VerifyReport {
                        report.problem = "journal entry \(seq): \(message)"
                        report.problemSeq = seq
                        return report
                    }
                    if seq != expectedSeq {
                        report.problemSeq = expectedSeq
                        report.problem = seq > expectedSeq
                            ? "journal entry \(expectedSeq) is missing (the next one is \(seq)): entries were deleted"
                            : "journal entry \(seq) is out of order"
                        return report
                    }
                    if prevHash != prev { return fail("its previous-hash does not match entry \(seq - 1): the journal was reordered, or an entry deleted or replaced") }
                    let hash = EntryHash.hash(seq: seq, at: at, kind: kind, cohort: cohort, actor: actor, reason: reason,
                                              simulated: simulated, payload: payload, prev: prevHash)
                    if hash != stored { return fail("its content does not match its hash: the entry was edited") }
                    guard let entryKind = EntryKind(rawValue: kind), let time = ISOTime.parse(at) else { return fail("unreadable kind or time") }
                    let event: JournalEvent
                    do { event = try JournalCoding.event(kind: entryKind, payload: payload) } catch { return fail("unreadable payload: \(error)") }
                    let entry = JournalEntry(seq: seq, at: time, cohort: cohort, actor: actor, reason: reason, simulated: simulated, event: event)
                    do { try state.apply(entry) } catch { return fail("does not follow from the entries before it: \(error)") }
                    if case let .metricsImported(p) = event { imports.append((seq, p)) }
                    prev = stored
                    expectedSeq += 1
                    report.entries += 1
                }
                report.lastHash = report.entries > 0 ? prev : nil
                if let id = try await c.scalar("""
                    SELECT id FROM issues WHERE is_open <> ((record::json ->> 'closed_at') IS NULL) ORDER BY id LIMIT 1
                    """, as: String.self, c.logger) {
                    report.problem = "the tables do not follow from the journal: the open flag of issue \(id) differs from its record"
                    return report
                }
                let tables: FleetState
                do { tables = try await Self.loadState(c) } catch let p as TableProblem {
                    report.problem = p.message
                    return report
                }
                if let difference = MigrateStore.firstDifference(replayed: state, tables: tables) {
                    report.problem = "the tables do not follow from the journal: \(difference)"
                    return report
                }
                do {
                    let samples = try await PostgresSampleVerification(c: c, imports: imports).run()
                    report.sampleDays = samples.checked
                    report.sampleDaysConsistentOnly = samples.consistentOnly
                } catch let p as TableProblem {
                    report.problem = p.message
                }
                return report
            }
        }
    }

    /// The projections as they are in the tables.
    static func loadState(_ c: PostgresConnection) async throws -> FleetState {
        var s = FleetState()
        for row in try await c.rows("SELECT id, attributes FROM chargers", c.logger) {
            let (id, attributes) = try row.decode((String, String).self)
            s.chargers[id] = Charger(id: id, attributes: try AttributesText.decode(attributes))
        }
        for row in try await c.rows(PostgresQuery(stringLiteral: "SELECT \(cohortColumns) FROM cohorts ORDER BY name"), c.logger) {
            guard let cohort = try? cohort(from: row) else {
                throw TableProblem("the tables do not follow from the journal: cohort \((try? row.decode(String.self)) ?? "?") has an unreadable row")
            }
            s.cohorts[cohort.name] = cohort
        }
        for row in try await c.rows("SELECT cohort, charger FROM cohort_chargers ORDER BY charger", c.logger) {
            let (cohort, charger) = try row.decode((String, String).self)
            s.members[cohort, default: []].append(charger)
        }
        for row in try await c.rows("SELECT digest, content FROM playbooks", c.logger) {
            let (digest, content) = try row.decode((String, String).self)
            s.playbooks[digest] = content
        }
        for row in try await c.rows("SELECT charger, cohort, backend, url, since, seq FROM routes", c.logger) {
            let route = try route(from: row)
            s.routes[route.charger] = route
        }
        for issue in try await allIssues(c) { s.issues[issue.id] = issue }
        for row in try await c.rows("SELECT DISTINCT cohort FROM approvals UNION SELECT name FROM cohorts", c.logger) {
            let name = try row.decode(String.self)
            let a = try await approvals(of: name, c)
            if !a.isEmpty { s.approvals[name] = a }
        }
        s.metricImports = Set(try await c.rows("SELECT digest FROM metric_imports", c.logger).map { try $0.decode(String.self) })
        do {
            for row in try await c.rows("SELECT cohort FROM quarantines UNION SELECT cohort FROM preflight_holds", c.logger) {
                let name = try row.decode(String.self)
                s.segments[name] = try await segments(of: name, c)
            }
        } catch {
            throw TableProblem("the tables do not follow from the journal: a row of quarantines or preflight_holds is unreadable")
        }
        for row in try await c.rows("SELECT head, position FROM frame_logs", c.logger) {
            let (head, text) = try row.decode((String, String).self)
            guard let position = try? JournalCoding.decoder().decode(JournalEvent.FrameLogPosition.self, from: Data(text.utf8)) else {
                throw TableProblem("the tables do not follow from the journal: the position of frame log \(head) is unreadable")
            }
            s.frameLogs[head] = position
        }
        for token in try await allTokens(c) { s.tokens[token.id] = token }
        s.lastSeq = try await head(c)
        return s
    }
}

/// A table `verify` finds wrong: reported as the problem, not thrown to the user.
struct TableProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
