/// Bad input, with every problem found, each saying where (`FILE:LINE: ...`).
public struct InputError: KindedError, Equatable {
    public var problems: [String]

    public init(problems: [String]) { self.problems = problems }
    public init(_ problem: String) { self.problems = [problem] }

    public var kind: ErrorKind { .invalidInput }

    public var description: String {
        let shown = problems.prefix(20).joined(separator: "\n")
        return problems.count > 20 ? shown + "\n… and \(problems.count - 20) more problems" : shown
    }
}
