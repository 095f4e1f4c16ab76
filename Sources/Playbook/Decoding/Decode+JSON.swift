internal import Yams

extension PlaybookDecoder {
    /// A YAML value as JSON: plain scalars become null, booleans or numbers where they read as such;
    /// quoted scalars stay strings. Keys are kept in the order written.
    func jsonValue(_ node: Node) -> JSONValue {
        switch node {
        case let .mapping(mapping):
            return .object(mapping.map { (key: $0.key.scalar?.string ?? "", value: jsonValue($0.value)) })
        case let .sequence(items):
            return .array(items.map(jsonValue))
        case let .alias(alias):
            return .string(String(describing: alias))
        case let .scalar(scalar):
            guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
            if isNull(node) { return .null }
            switch scalar.string {
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: break
            }
            if let number = Double(scalar.string), number.isFinite, scalar.string.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true {
                return .number(number)
            }
            return .string(scalar.string)
        }
    }
}
