/// A log read again after it has grown: only what the earlier read did not already produce.
///
/// The earlier read stopped after its last complete line (`LogCheckpoint`) and produced the samples of the
/// log cut there, the end-of-log rule applied (CALLs whose deadline had not passed left undecided). The
/// grown log is counted whole; at the cut its first bytes must be the same (same byte count, line count
/// and digest). Samples handed on before the cut are the earlier read's, unchanged. Samples held back at
/// the cut (the last instants, and CALL + 30 s of connections that ended) are what the earlier read
/// produced at its end: each sample after the cut either equals one of those (nothing to do), adds to one
/// (a `Change` that `replaces` the earlier value: more events at the same instant), or is new.
public enum GrowingLog {
    /// A sample to store, and the value of the same (charger, metric, time) the earlier read stored, if any.
    public struct Change: Equatable, Sendable {
        public var sample: KPISample
        public var replaces: Double?
    }

    public struct Delta: Sendable {
        public var changes: [Change]
        /// The read of the whole grown log (its checkpoint is the next import's).
        public var summary: FrameLogSummary
    }

    /// The changes `file` brings since `checkpoint`. Throws `GrowingLogError.notTheSameLog` when its
    /// first `checkpoint.bytes` bytes are not the ones read then, and the log's problems as usual.
    public static func delta<Source: ByteSource, Digest: PrefixDigest>(
        file: String, source: consuming Source, since checkpoint: LogCheckpoint, digest: Digest,
        maxLineBytes: Int = LineReader<Source>.defaultMaxLineBytes
    ) throws(GrowingLogError) -> Delta {
        var list = ChangeList()
        let summary = try delta(file: file, source: source, since: checkpoint, digest: digest, into: &list, maxLineBytes: maxLineBytes)
        return Delta(changes: list.changes, summary: summary)
    }

    /// The same, streaming: each change goes to `out` as it is found (memory stays flat however much the log
    /// grew). Returns the read of the whole grown log. `afterLine` is called after each line read (with the
    /// lines read so far, and `out`), so the caller can note where it is or stop on an error of its own.
    public static func delta<Source: ByteSource, Digest: PrefixDigest, Out: GrowingLogSink>(
        file: String, source: consuming Source, since checkpoint: LogCheckpoint, digest: Digest, into out: inout Out,
        maxLineBytes: Int = LineReader<Source>.defaultMaxLineBytes, afterLine: (Int, inout Out) -> Bool = { _, _ in true }
    ) throws(GrowingLogError) -> FrameLogSummary {
        var reading = FrameLogReading(file: file, source: source, digest: digest, maxLineBytes: maxLineBytes)
        var sink = DeltaSink(out: out)
        defer { out = sink.out }
        var cutReached = checkpoint.lines == 0
        if cutReached { guard checkpoint.bytes == 0 else { throw .notTheSameLog(file, "the earlier read had bytes but no line") } }
        while reading.lines < checkpoint.lines, reading.step(into: &sink) {}
        if !cutReached {
            guard reading.lines == checkpoint.lines else {
                let lines = reading.lines
                do { _ = try reading.finish(into: &sink) } catch { throw .unreadable(error) }
                throw .notTheSameLog(file, "it has \(lines) complete lines, the earlier read had \(checkpoint.lines)")
            }
            guard reading.offset == checkpoint.bytes, reading.digest.hexDigest() == checkpoint.digest else {
                throw .notTheSameLog(file, "its first \(checkpoint.lines) lines are not the ones read before (different bytes)")
            }
            cutReached = true
        }
        sink.cut(heldBack: reading.counter.merger.merged())
        while reading.step(into: &sink), afterLine(reading.lines, &sink.out) {}
        do { return try reading.finish(into: &sink) } catch { throw .unreadable(error) }
    }
}

/// Why a grown log cannot be read as a continuation.
public enum GrowingLogError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not the log read before, grown: (file, why).
    case notTheSameLog(String, String)
    case unreadable(FrameLogFailure)

    public var description: String {
        switch self {
        case .notTheSameLog(let file, let why): "\(file): not the log read before, grown: \(why)"
        case .unreadable(let failure): failure.description
        }
    }
}
