import Foundation
internal import GRDB
import Engine
import Gates

extension MigrateStore {
    /// Checks the whole journal's hash chain, then that the tables equal the state replayed from the journal, then
    /// the sample tables: by their seals where they hold, in depth where not.
    public func verify() throws -> VerifyReport {
        try verify(full: false)
    }

    /// `verify`; `full` replays the journal and checks every sample in depth whatever the seals. What was checked in
    /// depth and found to follow from the journal is sealed afterwards (when the store may be written), so that the
    /// next run checks it by its seal (docs/metrics.md, Verify).
    public func verify(full: Bool) throws -> VerifyReport {
        try verify(full: full, samples: true)
    }

    /// The hash chain and that the tables follow from the journal (by their seal where it holds), without the sample
    /// tables: what the checkpoint report states (docs/report.md). `migrate verify` checks the samples.
    public func verifyJournal() throws -> VerifyReport {
        try verify(full: false, samples: false)
    }

    private func verify(full: Bool, samples: Bool) throws -> VerifyReport {
        var pending = PendingSeals()
        let report = try verifyReading(full: full, samples: samples, pending: &pending)
        if report.ok, !isReadOnly, !pending.isEmpty {
            // A cache of what was checked, not state: a store busy writing is left unsealed this time.
            try? pool.write { db in try pending.write(db) }
        }
        return report
    }

    private func verifyReading(full: Bool, samples checkSamples: Bool, pending: inout PendingSeals) throws -> VerifyReport {
        try pool.read { db in
            var report = VerifyReport(entries: 0, lastHash: nil, problem: nil, problemSeq: nil)
            var entries: [JournalRow] = []
            var expectedSeq: Int64 = 1
            var prev = EntryHash.genesis
            let cursor = try Row.fetchCursor(db, sql: "SELECT seq, at, kind, cohort, actor, reason, simulated, payload, prev_hash, hash FROM journal ORDER BY seq")
            while let row = try cursor.next() {
                let entry = JournalRow(seq: row[0], at: row[1], kind: row[2], cohort: row[3], actor: row[4], reason: row[5], simulated: row[6],
                                       payload: row[7], prevHash: row[8], hash: row[9])
                if entry.seq != expectedSeq {
                    report.problemSeq = expectedSeq
                    report.problem = entry.seq > expectedSeq
                        ? "journal entry \(expectedSeq) is missing (the next one is \(entry.seq)): entries were deleted"
                        : "journal entry \(entry.seq) is out of order"
                    return report
                }
                func fail(_ message: String) -> VerifyReport {
                    report.problem = "journal entry \(entry.seq): \(message)"
                    report.problemSeq = entry.seq
                    return report
                }
                if entry.prevHash != prev { return fail("its previous-hash does not match entry \(entry.seq - 1): the journal was reordered, or an entry deleted or replaced") }
                let hash = EntryHash.hash(seq: entry.seq, at: entry.at, kind: entry.kind, cohort: entry.cohort, actor: entry.actor, reason: entry.reason,
                                          simulated: entry.simulated, payload: entry.payload, prev: entry.prevHash)
                if hash != entry.hash { return fail("its content does not match its hash: the entry was edited") }
                prev = entry.hash
                expectedSeq += 1
                report.entries += 1
                entries.append(entry)
            }
            report.lastHash = report.entries > 0 ? prev : nil
            let head = (seq: expectedSeq - 1, hash: prev)
            // The tables as stored, unchanged since they were found to follow from this very journal: no replay needed.
            let tables = try StateSeal.tables(db)
            let sealed = try StateSeal.stored(db)
            let imports: [(seq: Int64, event: JournalEvent.MetricsImported)]
            if !full, let sealed, sealed.seq == head.seq, sealed.hash == head.hash, sealed.seal == tables {
                var found: [(seq: Int64, event: JournalEvent.MetricsImported)] = []
                for entry in entries where checkSamples && entry.kind == EntryKind.metricsImported.rawValue {
                    guard case let .metricsImported(p)? = try? JournalCoding.event(kind: .metricsImported, payload: entry.payload) else {
                        report.problem = "journal entry \(entry.seq): unreadable payload"
                        report.problemSeq = entry.seq
                        return report
                    }
                    found.append((entry.seq, p))
                }
                imports = found
                report.tablesSealed = true
            } else {
                switch try Self.replay(entries, db) {
                case let .failure(seq, problem):
                    report.problem = problem
                    report.problemSeq = seq
                    return report
                case let .success(found):
                    imports = found
                    pending.tables = (head.seq, head.hash, tables)
                }
            }
            guard checkSamples else { return report }
            do {
                let samples = try SampleVerification(db: db, imports: imports, full: full).run()
                report.sampleDays = samples.checked
                report.sampleDaysSealed = samples.sealed
                report.sampleDaysConsistentOnly = samples.consistentOnly
                pending.samples = samples
            } catch let p as VerifyProblem {
                report.problem = p.message
            }
            return report
        }
    }

    private enum Replay {
        case success([(seq: Int64, event: JournalEvent.MetricsImported)])
        case failure(Int64?, String)
    }

    /// Replays every entry through the same rules in memory and compares the result with the tables.
    private static func replay(_ entries: [JournalRow], _ db: Database) throws -> Replay {
        var state = FleetState()
        var imports: [(seq: Int64, event: JournalEvent.MetricsImported)] = []
        for row in entries {
            let seq = row.seq
            func fail(_ message: String) -> Replay { .failure(seq, "journal entry \(seq): \(message)") }
            guard let entryKind = EntryKind(rawValue: row.kind), let time = ISOTime.parse(row.at) else { return fail("unreadable kind or time") }
            let event: JournalEvent
            do { event = try JournalCoding.event(kind: entryKind, payload: row.payload) } catch { return fail("unreadable payload: \(error)") }
            let entry = JournalEntry(seq: seq, at: time, cohort: row.cohort, actor: row.actor, reason: row.reason,
                                     simulated: row.simulated, event: event)
            do { try state.apply(entry) } catch { return fail("does not follow from the entries before it: \(error)") }
            if case let .metricsImported(p) = event { imports.append((seq, p)) }
        }
        if let id = try String.fetchOne(db, sql: """
            SELECT id FROM issues WHERE is_open != (json_extract(record, '$.closed_at') IS NULL) ORDER BY id LIMIT 1
            """) {
            return .failure(nil, "the tables do not follow from the journal: the open flag of issue \(id) differs from its record")
        }
        let tables: FleetState
        do { tables = try loadState(db) } catch let p as VerifyProblem {
            return .failure(nil, p.message)
        }
        if let difference = firstDifference(replayed: state, tables: tables) {
            return .failure(nil, "the tables do not follow from the journal: \(difference)")
        }
        return .success(imports)
    }

    /// The projections as they are in the tables.
    static func loadState(_ db: Database) throws -> FleetState {
        var s = FleetState()
        for row in try Row.fetchAll(db, sql: "SELECT * FROM chargers") {
            s.chargers[row["id"]] = Charger(id: row["id"], attributes: try decodeAttributes(row["attributes"]))
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM cohorts ORDER BY name") {
            guard let c = try? cohort(from: row) else { throw VerifyProblem("the tables do not follow from the journal: cohort \(row["name"] as String? ?? "?") has an unreadable row") }
            s.cohorts[c.name] = c
        }
        for row in try Row.fetchAll(db, sql: "SELECT cohort, charger FROM cohort_chargers ORDER BY charger") {
            s.members[row["cohort"], default: []].append(row["charger"])
        }
        for row in try Row.fetchAll(db, sql: "SELECT digest, content FROM playbooks") { s.playbooks[row["digest"]] = row["content"] }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM routes") {
            s.routes[row["charger"]] = Route(charger: row["charger"], cohort: row["cohort"], backend: row["backend"], url: row["url"],
                                             since: ISOTime.parse(row["since"]) ?? Date(timeIntervalSince1970: 0), seq: row["seq"])
        }
        for issue in try allIssues(db) { s.issues[issue.id] = issue }
        for name in try String.fetchAll(db, sql: "SELECT DISTINCT cohort FROM approvals UNION SELECT name FROM cohorts") {
            let a = try approvals(of: name, db)
            if !a.isEmpty { s.approvals[name] = a }
        }
        s.metricImports = Set(try String.fetchAll(db, sql: "SELECT digest FROM metric_imports"))
        for row in try Row.fetchAll(db, sql: "SELECT head, position FROM frame_logs") {
            let text: String = row["position"]
            guard let position = try? JournalCoding.decoder().decode(JournalEvent.FrameLogPosition.self, from: Data(text.utf8)) else {
                throw VerifyProblem("the tables do not follow from the journal: the position of frame log \(row["head"] as String? ?? "?") is unreadable")
            }
            s.frameLogs[row["head"]] = position
        }
        do { s.segments = try allSegments(db) } catch {
            throw VerifyProblem("the tables do not follow from the journal: a row of quarantines or preflight_holds is unreadable")
        }
        s.tokens = try MigrateStore.allTokens(db)
        s.lastSeq = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM journal") ?? 0
        return s
    }

    /// A sentence naming the first thing that differs, or nil.
    package static func firstDifference(replayed r: FleetState, tables t: FleetState) -> String? {
        func diff<V: Equatable>(_ what: String, _ a: [String: V], _ b: [String: V]) -> String? {
            for key in Set(a.keys).union(b.keys).sorted() where a[key] != b[key] {
                if a[key] == nil { return "\(what) \(key) is in the tables but not in the journal" }
                if b[key] == nil { return "\(what) \(key) is in the journal but missing from the tables" }
                return "\(what) \(key) differs from the journal"
            }
            return nil
        }
        if let tokens = diff("token", r.tokens, t.tokens) { return tokens }
        if let difference = frameLogDifference(replayed: r, tables: t) { return difference }
        return diff("charger", r.chargers, t.chargers)
            ?? diff("cohort", r.cohorts, t.cohorts)
            ?? diff("membership of cohort", r.members, t.members)
            ?? diff("playbook", r.playbooks, t.playbooks)
            ?? diff("route of charger", r.routes, t.routes)
            ?? diff("issue", r.issues, t.issues)
            ?? diff("approvals of cohort", r.approvals, t.approvals)
            ?? diff("quarantined segments and held-back chargers of cohort", r.segments, t.segments)
            ?? (r.metricImports == t.metricImports ? nil : "the list of imported metric files differs from the journal")
    }
}

extension MigrateStore {
    /// The first frame log whose position differs between the journal and `frame_logs`, as a sentence.
    static func frameLogDifference(replayed r: FleetState, tables t: FleetState) -> String? {
        for head in Set(r.frameLogs.keys).union(t.frameLogs.keys).sorted() where r.frameLogs[head] != t.frameLogs[head] {
            return "the position of frame log \(head.prefix(16))… differs from the journal"
        }
        return nil
    }
}

/// A table row `verify` cannot even read: reported as the problem, not thrown to the user as a crash.
struct VerifyProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
