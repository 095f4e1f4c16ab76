import Foundation
internal import Yams

extension PlaybookDecoder {
    func decodeIssuesGate(_ node: Node, phase: String) -> IssuesGate? {
        let what = "the issues gate of \(phase)"
        guard let fields = fields(node, what, allowed: ["severity", "scope", "max_open"]) else { return nil }
        var ok = true
        var severities: [Severity] = []
        if let node = fields["severity"], let list = strings(node, "'severity' of \(what)") {
            for (text, item) in list {
                if let severity = Severity(rawValue: text) {
                    if severities.contains(severity) { error("severity '\(text)' is listed twice in \(what)", at: item); ok = false }
                    severities.append(severity)
                } else {
                    let names = Severity.allCases.map(\.rawValue)
                    error("unknown severity '\(text)' in \(what); use \(names.joined(separator: ", "))\(Suggestion.hint(for: text, in: names))", at: item)
                    ok = false
                }
            }
        } else if fields.has("severity") { ok = false }
        var scope: IssueScope?
        if let node = fields["scope"] {
            if let text = choice(node, "'scope' of \(what)", IssueScope.allCases.map(\.rawValue)) { scope = IssueScope(rawValue: text) } else { ok = false }
        }
        var maxOpen = 0
        if let node = fields["max_open"] {
            if let value = int(node, "'max_open' of \(what)") {
                if value < 0 { error("'max_open' of \(what) must be zero or more; found \(value)", at: node); ok = false }
                maxOpen = value
            } else { ok = false }
        }
        return ok ? IssuesGate(severities: severities, scope: scope, maxOpen: maxOpen) : nil
    }

    func decodeApprovalsGate(_ node: Node, phase: String) -> ApprovalsGate? {
        let what = "the approvals gate of \(phase)"
        guard let fields = fields(node, what, allowed: ["roles", "min"], required: ["roles"]),
              let rolesNode = fields["roles"], let roles = strings(rolesNode, "'roles' of \(what)") else { return nil }
        var ok = true
        if roles.isEmpty { error("'roles' of \(what) lists no role", at: rolesNode); ok = false }
        var seen: Set<String> = []
        for (role, item) in roles where !seen.insert(role).inserted {
            error("role '\(role)' is listed twice in \(what)", at: item)
            ok = false
        }
        var min: Int?
        if let node = fields["min"] {
            min = int(node, "'min' of \(what)")
            if let value = min {
                if value < 1 {
                    error("'min' of \(what) must be at least 1; found \(value)", at: node); ok = false
                } else if value > roles.count {
                    error("'min: \(value)' of \(what) is more than the \(roles.count) role\(roles.count == 1 ? "" : "s") listed, so it could never pass", at: node); ok = false
                }
            } else { ok = false }
        }
        return ok ? ApprovalsGate(roles: roles.map(\.0), min: min) : nil
    }

    func decodeCoverageGate(_ node: Node, phase: String) -> CoverageGate? {
        let what = "the coverage gate of \(phase)"
        guard let fields = fields(node, what, allowed: ["by", "min_each"], required: ["by"]) else { return nil }
        let by = fields["by"].flatMap { string($0, "'by' of \(what)") }
        var minEach = 1
        var ok = by != nil
        if let node = fields["min_each"] {
            if let value = int(node, "'min_each' of \(what)") {
                if value < 1 { error("'min_each' of \(what) must be at least 1; found \(value)", at: node); ok = false }
                minEach = value
            } else { ok = false }
        }
        if ok, !someScopeSoFar {
            error("\(what) can never pass: no phase up to here has a 'scope', so no charger is routed to '\(target)'", at: node)
            ok = false
        }
        guard ok, let by else { return nil }
        return CoverageGate(by: by, minEach: minEach)
    }

    func decodeCalendarGate(_ node: Node, phase: String) -> CalendarGate? {
        let what = "the calendar gate of \(phase)"
        guard let fields = fields(node, what, allowed: ["days", "hours", "timezone"]) else { return nil }
        var ok = true
        var days: [Weekday] = []
        if let daysNode = fields["days"] {
            if let list = strings(daysNode, "'days' of \(what)") {
                if list.isEmpty { error("'days' of \(what) lists no day, so the window never opens", at: daysNode); ok = false }
                for (text, item) in list {
                    let names = Weekday.allCases.map(\.rawValue)
                    guard let day = Self.weekday(text) else {
                        error("unknown day '\(text)' in \(what); use \(names.joined(separator: ", "))\(Suggestion.hint(for: text, in: names))", at: item)
                        ok = false
                        continue
                    }
                    if days.contains(day) { error("day '\(text)' is listed twice in \(what)", at: item); ok = false }
                    days.append(day)
                }
            } else { ok = false }
        }
        var hours: ClosedOpenMinutes?
        if let node = fields["hours"], let text = string(node, "'hours' of \(what)") {
            hours = ClosedOpenMinutes(parsing: text)
            if hours == nil {
                error("'hours' of \(what) must be 'HH:MM-HH:MM' with the start before the end, e.g. '09:00-16:00'; found '\(text)'", at: node)
                ok = false
            }
        } else if fields.has("hours") { ok = false }
        var timezone = "UTC"
        if let node = fields["timezone"], let text = string(node, "'timezone' of \(what)") {
            if TimeZone(identifier: text) == nil {
                error("unknown time zone '\(text)' in \(what); use an IANA name such as 'Europe/Berlin' or 'UTC'", at: node)
                ok = false
            }
            timezone = text
        } else if fields.has("timezone") { ok = false }
        return ok ? CalendarGate(days: days, hours: hours, timezone: timezone) : nil
    }

    /// `mon` ... `sun`; the full English names are accepted too.
    static func weekday(_ text: String) -> Weekday? {
        let lowered = text.lowercased()
        if let day = Weekday(rawValue: lowered) { return day }
        let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        return full.contains(lowered) ? Weekday(rawValue: String(lowered.prefix(3))) : nil
    }

    func decodeAfterGate(_ node: Node, phase: String) -> AfterGate? {
        let what = "the after gate of \(phase)"
        guard let fields = fields(node, what, allowed: ["cohort", "phase", "completed"], required: ["cohort"]) else { return nil }
        let cohort = fields["cohort"].flatMap { string($0, "'cohort' of \(what)") }
        var milestone: AfterGate.Milestone?
        switch (fields["phase"], fields["completed"]) {
        case (nil, nil):
            error("\(what) needs either 'phase: NAME' or 'completed: true'", at: node)
        case (.some, .some):
            error("\(what) has both 'phase' and 'completed'; give one", at: fields.keyNode("completed") ?? node)
        case let (.some(phaseNode), nil):
            milestone = string(phaseNode, "'phase' of \(what)").map(AfterGate.Milestone.phase)
        case let (nil, .some(completedNode)):
            if let value = bool(completedNode, "'completed' of \(what)") {
                if value { milestone = .completed } else { error("'completed: false' in \(what) means nothing; write 'completed: true' or 'phase: NAME'", at: completedNode) }
            }
        }
        guard let cohort, let milestone else { return nil }
        return AfterGate(cohort: cohort, milestone: milestone)
    }
}
