import Engine
import Foundation
import OCPP

/// What `ocpp import` did with one frame log.
public struct OCPPImportReport: Sendable {
    /// The samples stored, as `metrics import` reports them, with the log's position. Nil when the log had no
    /// complete line yet, or (`journalEmpty` false) when what was read decided no sample: nothing journaled.
    public var imported: MetricsImportReport?
    public var file: String
    /// The log's warnings (`FILE:LINE: warning: ...`): answers with no CALL, a truncated last line, ...
    public var warnings: [FrameLogWarning]
}

extension MigrationService {
    /// Imports the KPIs of one OCPP-J frame log as metric samples (OCPP.md), in one transaction with one
    /// `metrics-imported` journal entry that records where the log was read up to. The same log again changes
    /// nothing; the log grown since adds only what is new and decides the CALLs that were undecided (no double
    /// count, no loss). A log is known by its first line. Every problem of the log refuses it, naming file and
    /// line; samples of chargers not in the fleet refuse it too, unless `skipUnknown`. Reads as a stream.
    /// `name`: what the journal and the messages call the log (an upload's `upload:NAME`; by default the path).
    /// `journalEmpty` false (the proxy's periodic import): when the lines read decided no sample, nothing is stored
    /// or journaled and the position stays where it was (the next import reads on from there); `imported` is nil.
    public func importOCPPLog(path: String, name: String? = nil, skipUnknown: Bool, journalEmpty: Bool = true,
                              as invocation: Invocation) throws -> OCPPImportReport {
        try store.requireWritable()
        let source = name ?? path
        guard let logs = store as? any FrameLogStore else {
            throw MigrateError.unavailable("this store cannot import OCPP frame logs yet; use a SQLite store")
        }
        guard let head = try Self.headDigest(path, name: source) else {
            return OCPPImportReport(imported: nil, file: source, warnings: [])
        }
        var warnings: [FrameLogWarning] = []
        let imported: MetricsImportReport
        do {
            imported = try logs.importFrameLog(source: source, head: head, actor: invocation.actor, at: invocation.now,
                                               simulated: invocation.simulated, skipUnknown: skipUnknown) { since, receiver in
                let counting = CountingReceiver(receiver)
                let summary = try Self.readLog(path, name: source, since: since, into: counting)
                warnings = summary.warnings
                if !journalEmpty, counting.handed == 0 { throw NothingNewToJournal() }
                let pending = summary.undecided.map {
                    JournalEvent.PendingCall(charger: $0.charger, from: $0.from == .charger ? "charger" : "csms", id: $0.id, at: Timestamp.format($0.time))
                }
                return JournalEvent.FrameLogPosition(head: head, bytes: summary.checkpoint.bytes, lines: summary.checkpoint.lines,
                                                     digest: summary.checkpoint.digest, undecidedCalls: summary.undecidedCalls, pending: pending)
            }
        } catch is NothingNewToJournal {
            return OCPPImportReport(imported: nil, file: source, warnings: warnings)
        }
        return OCPPImportReport(imported: imported, file: source, warnings: warnings)
    }

    /// Reads the log whole (never imported) or as grown since `since`, handing samples or changes to `receiver`.
    /// `name`: what messages call the log (by default its path).
    static func readLog(_ path: String, name: String? = nil, since: JournalEvent.FrameLogPosition?,
                        into receiver: any DerivedSampleReceiver) throws -> FrameLogSummary {
        var sink = ReceiverSink(receiver: receiver)
        let file = name ?? path
        let source = try fileSource(path, name: file)
        let summary: FrameLogSummary
        if let since {
            let checkpoint = LogCheckpoint(bytes: since.bytes, lines: since.lines, digest: since.digest, lastTime: nil)
            do {
                summary = try GrowingLog.delta(file: file, source: source, since: checkpoint, digest: SHA256LogDigest(), into: &sink) { lines, sink in
                    sink.line = lines + 1
                    return sink.error == nil
                }
            } catch {
                if let failed = sink.error { throw failed }
                switch error {
                case let .notTheSameLog(file, why):
                    throw MigrateError.conflict("""
                        \(file): its first line is that of a log imported before (up to line \(since.lines)), but it is not that log grown: \
                        \(why); nothing stored (a log may only grow: append to it, or start a new file)
                        """, subject: .file(file))
                case let .unreadable(failure):
                    throw refused(failure, file)
                }
            }
        } else {
            var reading = FrameLogReading(file: file, source: source, digest: SHA256LogDigest())
            while reading.step(into: &sink), sink.error == nil { sink.line = reading.lines + 1 }
            do { summary = try reading.finish(into: &sink) } catch {
                if let failed = sink.error { throw failed }
                throw refused(error, file)
            }
        }
        if let failed = sink.error { throw failed }
        return summary
    }

    static func refused(_ failure: FrameLogFailure, _ path: String) -> MigrateError {
        MigrateError.invalid(failure.description + "\n\(path): not imported; nothing stored", subject: .file(path))
    }

    static func fileSource(_ path: String, name: String? = nil) throws -> FileByteSource {
        do { return try FileByteSource(path: path) } catch { throw MigrateError.invalid(error.description, subject: .file(name ?? path)) }
    }

    /// SHA-256 of the log's first complete line (the log's identity), or nil when it has none yet.
    static func headDigest(_ path: String, name: String? = nil) throws -> String? {
        let file = name ?? path
        var reader = LineReader(try fileSource(path, name: file))
        let line: LineReader<FileByteSource>.Line?
        do { line = try reader.next() } catch {
            var e = error
            e.file = file
            throw MigrateError.invalid(e.description + "\n\(file): not imported; nothing stored", subject: .file(file))
        }
        guard let line else { return nil }
        var digest = SHA256LogDigest()
        digest.update(UnsafeRawBufferPointer(line.bytes))
        return digest.hexDigest()
    }
}
