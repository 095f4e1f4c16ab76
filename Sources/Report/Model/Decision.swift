import Foundation
import Gates

/// The answer at the top of the report, in one sentence.
public struct Decision: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable {
        case ready
        case notReady = "not-ready"
        case notYetKnown = "not-yet-known"
        case completed
    }

    public var outcome: Outcome
    public var sentence: String

    public init(outcome: Outcome, sentence: String) {
        self.outcome = outcome
        self.sentence = sentence
    }

    /// The sentence without its headline in front, for a layout that shows the headline apart.
    public var reason: String {
        sentence.hasPrefix(headline + ": ") ? String(sentence.dropFirst(headline.count + 2)) : sentence
    }

    /// The headline a reader scans for: "Ready to expand", "Not ready", ...
    public var headline: String {
        switch outcome {
        case .ready: "Ready to expand"
        case .notReady: "Not ready"
        case .notYetKnown: "Not yet known"
        case .completed: "Completed"
        }
    }
}
