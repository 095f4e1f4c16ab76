import Engine
extension MigrationService {
    /// The last journal entry's sequence number (0: empty): pages poll it to refresh when the journal changes.
    public func journalHead() throws -> Int64 {
        try store.journalHead()
    }
}
