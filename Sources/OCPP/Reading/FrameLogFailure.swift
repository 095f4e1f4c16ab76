/// A frame log that cannot be counted: every problem found (up to `FrameLogReading.maxProblems`), each
/// with its file and line. Nothing of the log counts when there is one.
public struct FrameLogFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var problems: [FrameLogError]
    /// True when reading stopped at the problem limit, so there may be more.
    public var stoppedEarly = false

    public init(problems: [FrameLogError], stoppedEarly: Bool = false) {
        self.problems = problems
        self.stoppedEarly = stoppedEarly
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
            + (stoppedEarly ? "\n(stopped after \(problems.count) problems; there may be more)" : "")
    }
}
