/// One pass over one frame log: lines from the byte source, records into the counter, samples into a sink,
/// complete lines into the digest. Problems are collected (each line that is not a record, up to
/// `maxProblems`) so one run shows them all; a line over the size limit or a read error stops the pass.
public struct FrameLogReading<Source: ByteSource, Digest: PrefixDigest>: ~Copyable {
    public static var maxProblems: Int { 20 }
    /// How many undecided CALLs a summary lists (all are counted).
    public static var maxUndecidedListed: Int { 100 }

    public let file: String
    var reader: LineReader<Source>
    public internal(set) var counter = KPICounter()
    public internal(set) var digest: Digest
    var problems: [FrameLogError] = []
    var firstTime: Int64?
    var stopped = false

    public init(file: String, source: consuming Source, digest: Digest, maxLineBytes: Int = LineReader<Source>.defaultMaxLineBytes) {
        self.file = file
        self.reader = LineReader(source, maxLineBytes: maxLineBytes)
        self.digest = digest
    }

    /// Lines read so far and the byte offset after the last one.
    public var lines: Int { reader.lineNumber }
    public var offset: Int64 { reader.offset }

    /// Reads the next line; false at the end (or once reading had to stop).
    public mutating func step<Sink: KPISampleSink>(into sink: inout Sink) -> Bool {
        guard !stopped else { return false }
        let line: LineReader<Source>.Line?
        do {
            line = try reader.next()
        } catch {
            var e = error
            if e.file.isEmpty { e.file = file }
            problems.append(e)
            stopped = true
            return false
        }
        guard let line else { stopped = true; return false }
        digest.update(UnsafeRawBufferPointer(line.bytes))
        withUnsafeBytes(of: UInt8(0x0A)) { digest.update($0) }
        do {
            try counter.read(line.bytes, line: line.number, into: &sink)
            if firstTime == nil { firstTime = counter.lastTime }
        } catch {
            problems.append(FrameLogError(file: file, line: line.number, message: error.message))
            if problems.count >= Self.maxProblems { stopped = true }
        }
        return !stopped
    }

    /// The end: throws the problems found, else hands on the held-back samples and says what was read.
    public consuming func finish<Sink: KPISampleSink>(into sink: inout Sink) throws(FrameLogFailure) -> FrameLogSummary {
        if !problems.isEmpty { throw FrameLogFailure(problems: problems, stoppedEarly: problems.count >= Self.maxProblems) }
        counter.finish(into: &sink)
        var warnings = counter.warnings.map { FrameLogWarning(file: file, line: $0.line, message: $0.message) }
        if reader.truncatedTail > 0 {
            warnings.append(FrameLogWarning(file: file, line: reader.lineNumber + 1, message:
                "the last line has no newline (\(reader.truncatedTail) bytes, a log still being written?); read up to line \(reader.lineNumber), the rest is left for a later read"))
        }
        return FrameLogSummary(
            file: file, lines: reader.lineNumber, frames: counter.frames, chargers: counter.chargerIDs,
            checkpoint: LogCheckpoint(bytes: reader.offset, lines: reader.lineNumber, digest: digest.hexDigest(), lastTime: counter.lastTime),
            undecidedCalls: counter.undecidedCalls, undecided: counter.undecidedCallList(limit: Self.maxUndecidedListed), truncatedBytes: reader.truncatedTail, warnings: warnings,
            firstTime: firstTime, lastTime: counter.lastTime)
    }
}
