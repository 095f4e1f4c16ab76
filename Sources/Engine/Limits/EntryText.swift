import Foundation
import Gates
import Playbook

/// The text a journal entry carries from people (actor, reason, notes, issue fields), checked once,
/// where every entry is appended, whichever front end made it: an actor is one line of at most 100
/// characters; reasons and notes at most 4 096 (tabs and line feeds allowed, shown escaped); issue
/// fields as `FieldLimits` says. Nothing past a limit is stored; the error names the field.
extension NewEntry {
    /// Why this entry cannot be stored, or nil.
    public var textProblem: String? {
        if let p = FieldLimits.problem(actor, "the actor name", limit: FieldLimits.identifier) { return p }
        if actor.trimmingCharacters(in: .whitespaces).isEmpty { return "the actor name is empty" }
        if let reason, let p = FieldLimits.problem(reason, "the reason", limit: FieldLimits.reason, multiline: true) { return p }
        if let cohort, let p = FieldLimits.problem(cohort, "the cohort name", limit: FieldLimits.identifier) { return p }
        switch event {
        case let .approved(a): return a.note.flatMap { FieldLimits.problem($0, "the note", limit: FieldLimits.reason, multiline: true) }
        case let .confirmed(c): return c.note.flatMap { FieldLimits.problem($0, "the note", limit: FieldLimits.reason, multiline: true) }
        case let .issueClosed(c): return c.note.flatMap { FieldLimits.problem($0, "the note", limit: FieldLimits.reason, multiline: true) }
        case let .issueOpened(r), let .issueUpdated(r):
            let fields: [(String?, String, Int)] = [(r.id, "the issue id", FieldLimits.identifier), (r.title, "the issue title", FieldLimits.title),
                                                    (r.owner, "the issue owner", FieldLimits.identifier), (r.url, "the issue URL", FieldLimits.url)]
            for (value, what, limit) in fields {
                if let value, let p = FieldLimits.problem(value, what, limit: limit) { return p }
            }
            return nil
        default: return nil
        }
    }
}
