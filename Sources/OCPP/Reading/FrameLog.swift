/// Counting whole frame logs: the entry points `ocpp kpis` and tests use.
public enum FrameLog {
    /// Counts one log from `source`, handing its samples to `sink`.
    public static func count<Source: ByteSource, Sink: KPISampleSink>(
        file: String, source: consuming Source, into sink: inout Sink, maxLineBytes: Int = LineReader<Source>.defaultMaxLineBytes
    ) throws(FrameLogFailure) -> FrameLogSummary {
        var reading = FrameLogReading(file: file, source: source, digest: NoDigest(), maxLineBytes: maxLineBytes)
        while reading.step(into: &sink) {}
        return try reading.finish(into: &sink)
    }

    /// Counts the log in file `path` into an aggregate (`ocpp kpis`): the concrete types, so the whole
    /// reading is specialised inside this module instead of running generic code per line.
    public static func count(path: String, into aggregate: inout KPIAggregate) throws(FrameLogFailure) -> FrameLogSummary {
        let source: FileByteSource
        do { source = try FileByteSource(path: path) } catch { throw FrameLogFailure(problems: [error]) }
        return try count(file: path, source: source, into: &aggregate)
    }

    /// Counts the log in file `path`.
    public static func count<Sink: KPISampleSink>(path: String, into sink: inout Sink) throws(FrameLogFailure) -> FrameLogSummary {
        let source: FileByteSource
        do { source = try FileByteSource(path: path) } catch { throw FrameLogFailure(problems: [error]) }
        return try count(file: path, source: source, into: &sink)
    }
}
