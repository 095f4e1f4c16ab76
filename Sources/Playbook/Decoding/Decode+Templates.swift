internal import Yams

extension PlaybookDecoder {
    /// Flags `{{name}}` references to templates that do not exist, in every string scalar under `node`.
    func checkTemplates(in node: Node, _ what: String) {
        switch node {
        case let .scalar(scalar):
            for name in PlanTemplates.references(in: scalar.string) where !PlanTemplates.names.contains(name) {
                let hint = Suggestion.closest(to: name, in: PlanTemplates.names.sorted()).map { "; did you mean '{{\($0)}}'?" } ?? ""
                error("unknown template {{\(name)}} in \(what)\(hint) (templates: \(PlanTemplates.names.sorted().map { "{{\($0)}}" }.joined(separator: ", ")))", at: node)
            }
        case let .mapping(mapping):
            for (key, value) in mapping {
                checkTemplates(in: key, what)
                checkTemplates(in: value, what)
            }
        case let .sequence(sequence):
            for item in sequence { checkTemplates(in: item, what) }
        case .alias:
            break
        }
    }
}
