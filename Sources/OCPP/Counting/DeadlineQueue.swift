/// The 30 s deadlines of open CALLs, in the order the CALLs were seen; since records never go back in time,
/// that is deadline order, so a FIFO is enough. Entries of CALLs answered meanwhile are skipped when they
/// come up.
struct DeadlineQueue {
    struct Entry {
        var deadline: Int64
        var charger: Int32
        var serial: UInt64
    }

    private var entries: [Entry] = []
    private var head = 0

    mutating func push(_ e: Entry) { entries.append(e) }

    /// The first entry whose deadline is before `time`, removed.
    mutating func popExpired(before time: Int64) -> Entry? {
        guard head < entries.count, entries[head].deadline < time else {
            if head > 0 && head == entries.count { entries.removeAll(keepingCapacity: true); head = 0 }
            return nil
        }
        let e = entries[head]
        head += 1
        if head >= 4096 && head * 2 >= entries.count {
            entries.removeFirst(head)
            head = 0
        }
        return e
    }
}
