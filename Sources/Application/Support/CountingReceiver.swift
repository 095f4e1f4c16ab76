import Engine

/// Passes samples on to an import's receiver, counting them: an import that must not journal a read that
/// decided nothing (`journalEmpty: false`) asks it whether anything came.
final class CountingReceiver: DerivedSampleReceiver {
    let receiver: any DerivedSampleReceiver
    private(set) var handed = 0

    init(_ receiver: any DerivedSampleReceiver) { self.receiver = receiver }

    func add(time: Int64, charger: String, metric: String, value: Double, line: Int) throws {
        handed += 1
        try receiver.add(time: time, charger: charger, metric: metric, value: value, line: line)
    }

    func replace(time: Int64, charger: String, metric: String, value: Double, replacing: Double) throws {
        handed += 1
        try receiver.replace(time: time, charger: charger, metric: metric, value: value, replacing: replacing)
    }
}

/// Thrown inside an import's transaction when the read decided no sample and the caller asked for no empty
/// entry: the store rolls back (nothing stored, nothing journaled, the position stays where it was).
struct NothingNewToJournal: Error {}
