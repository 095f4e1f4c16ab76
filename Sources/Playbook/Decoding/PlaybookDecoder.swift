internal import Yams

/// Builds the model from a composed YAML tree by hand, recording a diagnostic for every problem.
///
/// Each `decode…` method returns nil when its part is unusable, after saying why; callers carry on
/// with the rest so that one run finds every mistake. Names the later checks need (backends,
/// metrics) are gathered first, so references resolve whatever order the keys are written in.
final class PlaybookDecoder {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    /// Backend names, or nil when `backends` itself is unusable (references are then not checked).
    var backendNames: [String]?
    /// Metric forms by name, or nil when `metrics` is unusable.
    var metricForms: [String: MetricForm]?
    /// Metrics whose definition is broken: defined (no "unknown metric"), but unusable.
    var brokenMetrics: Set<String> = []
    var usedMetrics: Set<String> = []
    /// Whether any phase so far routes chargers to `to` (a scope was given).
    var someScopeSoFar = false
    /// The `to` backend, once known: used in messages.
    var target = "to"
    /// `from` and `to` when they resolved: for checks on plans.
    var fromBackend: String?
    var toBackend: String?

    /// Past this many diagnostics the file is hopeless; more would only slow things down.
    static let maxDiagnostics = 200
    private var dropped = 0
    /// True once no more diagnostics are kept: expensive message parts can be skipped.
    var isSaturated: Bool { diagnostics.count >= Self.maxDiagnostics }

    init(file: String) { self.file = file }

    func error(_ message: @autoclosure () -> String, at node: Node) { error(message(), at: position(of: node)) }
    func warning(_ message: @autoclosure () -> String, at node: Node) { warning(message(), at: position(of: node)) }
    func error(_ message: @autoclosure () -> String, at position: SourcePosition) {
        record(.error, message, at: position)
    }
    func warning(_ message: @autoclosure () -> String, at position: SourcePosition) {
        record(.warning, message, at: position)
    }

    private func record(_ severity: Diagnostic.Severity, _ message: () -> String, at position: SourcePosition) {
        guard diagnostics.count < Self.maxDiagnostics else {
            dropped += 1
            return
        }
        // Names and values quoted from the file are shown escaped: a message is one line on a terminal.
        diagnostics.append(Diagnostic(severity, message(), file: file, at: position))
    }

    /// Diagnostics in file order (stable for equal positions).
    var sortedDiagnostics: [Diagnostic] {
        var sorted = diagnostics.enumerated().sorted {
            let a = $0.element.position, b = $1.element.position
            return (a.line, a.column, $0.offset) < (b.line, b.column, $1.offset)
        }.map(\.element)
        if dropped > 0, let last = sorted.last {
            sorted.append(Diagnostic(.error, "too many problems; \(dropped) more not shown (fix these first)", file: file, at: last.position))
        }
        return sorted
    }

    func position(of node: Node) -> SourcePosition {
        node.mark.map { SourcePosition(line: $0.line, column: $0.column) } ?? SourcePosition(line: 1, column: 1)
    }
}
