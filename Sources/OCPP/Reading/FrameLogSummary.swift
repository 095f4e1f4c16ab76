/// What reading one frame log found besides its samples.
public struct FrameLogSummary: Equatable, Sendable {
    public var file: String
    /// Complete lines read (every one a record).
    public var lines: Int
    public var frames: Int
    /// Every charger seen in the log, in order of first appearance.
    public var chargers: [String]
    /// Where the read stopped: the end of the last complete line.
    public var checkpoint: LogCheckpoint
    /// CALLs open at the end whose deadline is not before the last record: a longer log decides them.
    public var undecidedCalls: Int
    /// Those CALLs, the first `FrameLogReading.maxUndecidedListed` of them.
    public var undecided: [UndecidedCall] = []
    /// Bytes after the last newline, not read (a line still being written).
    public var truncatedBytes: Int
    public var warnings: [FrameLogWarning]
    public var firstTime: Int64?
    public var lastTime: Int64?
}
