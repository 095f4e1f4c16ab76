import Foundation
internal import Yams

extension PlaybookDecoder {
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
}
