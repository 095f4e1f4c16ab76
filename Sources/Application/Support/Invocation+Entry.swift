import Engine
import Playbook

extension Invocation {
    /// A journal entry made now by this invocation's actor.
    func entry(_ event: JournalEvent, cohort: String?, reason: String?) -> NewEntry {
        NewEntry(at: now, cohort: cohort, actor: actor, reason: reason, simulated: simulated, event: event)
    }
}
