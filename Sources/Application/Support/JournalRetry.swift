import Engine
import Playbook

extension MigrationService {
    /// Decides on a fresh read of the whole journal and appends under `.journalHead`: when another command
    /// appended meanwhile, reads and decides again (a few times), so a decision over the whole fleet (creating a
    /// cohort, numbering an issue, importing the fleet) is never taken on a stale read and never lost to a race.
    @discardableResult
    func appendDecidedOnJournal<T>(_ decide: (_ head: Int64) throws -> (entries: [NewEntry], result: T)) throws -> (appended: [JournalEntry], result: T) {
        var attempt = 0
        while true {
            let head = try store.journalHead()
            let decided = try decide(head)
            if decided.entries.isEmpty { return ([], decided.result) }
            do {
                return (try store.append(decided.entries, if: .journalHead(head)), decided.result)
            } catch let moved as JournalMovedError {
                attempt += 1
                if attempt >= 20 { throw moved }
            }
        }
    }
}
