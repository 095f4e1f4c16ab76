import Foundation
import Playbook

extension GateEvaluator {
    /// Now falls inside the calendar window (days and hours in the time zone); outside → pending.
    static func evaluateCalendar(_ gate: CalendarGate, now: Date) -> GateResult {
        var calendar = Calendar(identifier: .gregorian)
        guard let zone = TimeZone(identifier: gate.timezone) else {
            return GateResult(kind: "calendar", name: gate.timezone, result: .pending, detail: "unknown time zone \(gate.timezone)")
        }
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: now)
        let weekday = Weekday.allCases.first { $0.gregorianNumber == parts.weekday }!
        let minutes = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let dayOK = gate.days.isEmpty || gate.days.contains(weekday)
        let hourOK = gate.hours.map { $0.start <= minutes && minutes < $0.end } ?? true
        let local = String(format: "%@ %02d:%02d %@", weekday.rawValue, minutes / 60, minutes % 60, gate.timezone)
        var window: [String] = []
        if !gate.days.isEmpty { window.append(gate.days.map(\.rawValue).joined(separator: ",")) }
        if let hours = gate.hours { window.append(hours.description) }
        let name = (window.isEmpty ? ["any time"] : window).joined(separator: " ") + " \(gate.timezone)"
        let inside = dayOK && hourOK
        return GateResult(kind: "calendar", name: name, result: inside ? .pass : .pending,
                          detail: inside ? "now (\(local)) is inside \(name)" : "now (\(local)) is outside \(name)")
    }
}
