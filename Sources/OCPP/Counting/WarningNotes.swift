/// Warnings about a log, a few of each kind with their line, and how many there were in all.
struct WarningNotes {
    enum Kind: Int, CaseIterable { case unconnected, orphanAnswer }

    static let shownPerKind = 10

    private var shown: [(kind: Kind, line: Int, message: String)] = []
    private var counts = [Int](repeating: 0, count: Kind.allCases.count)

    mutating func add(_ kind: Kind, line: Int, _ message: @autoclosure () -> String) {
        counts[kind.rawValue] += 1
        if counts[kind.rawValue] <= Self.shownPerKind { shown.append((kind, line, message())) }
    }

    var all: [(line: Int, message: String)] {
        var out = shown.map { (line: $0.line, message: $0.message) }
        for kind in Kind.allCases where counts[kind.rawValue] > Self.shownPerKind {
            let last = shown.last { $0.kind == kind }!.line
            let more = counts[kind.rawValue] - Self.shownPerKind
            out.append((last, "… and \(more) more like the warning above (\(counts[kind.rawValue]) in all)"))
        }
        return out.sorted { $0.line < $1.line }
    }
}
