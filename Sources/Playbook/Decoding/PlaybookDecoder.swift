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

    init(file: String) { self.file = file }

    func error(_ message: String, at node: Node) { error(message, at: position(of: node)) }
    func warning(_ message: String, at node: Node) { warning(message, at: position(of: node)) }
    func error(_ message: String, at position: SourcePosition) {
        diagnostics.append(Diagnostic(.error, message, file: file, at: position))
    }
    func warning(_ message: String, at position: SourcePosition) {
        diagnostics.append(Diagnostic(.warning, message, file: file, at: position))
    }

    /// Diagnostics in file order (stable for equal positions).
    var sortedDiagnostics: [Diagnostic] {
        diagnostics.enumerated().sorted {
            let a = $0.element.position, b = $1.element.position
            return (a.line, a.column, $0.offset) < (b.line, b.column, $1.offset)
        }.map(\.element)
    }

    func position(of node: Node) -> SourcePosition {
        node.mark.map { SourcePosition(line: $0.line, column: $0.column) } ?? SourcePosition(line: 1, column: 1)
    }
}
