internal import Yams

extension PlaybookDecoder {
    /// Flags `{{name}}` references to templates that do not exist, in every string scalar under `node`.
    /// `names`: the templates allowed where `node` is (plan steps: `PlanTemplates.names`).
    func checkTemplates(in node: Node, _ what: String, names: Set<String> = PlanTemplates.names) {
        switch node {
        case let .scalar(scalar):
            for name in PlanTemplates.references(in: scalar.string) where !names.contains(name) {
                let hint = Suggestion.closest(to: name, in: names.sorted()).map { "; did you mean '{{\($0)}}'?" } ?? ""
                error("unknown template {{\(name)}} in \(what)\(hint) (templates: \(names.sorted().map { "{{\($0)}}" }.joined(separator: ", ")))", at: node)
            }
        case let .mapping(mapping):
            for (key, value) in mapping {
                checkTemplates(in: key, what, names: names)
                checkTemplates(in: value, what, names: names)
            }
        case let .sequence(sequence):
            for item in sequence { checkTemplates(in: item, what, names: names) }
        case .alias:
            break
        }
    }
}
