import Engine
import Foundation
import Store

/// `migrate store copy`: a whole store to another backend (SQLite ⇄ PostgreSQL): the journal row for row (its
/// hash chain as stored), the projections rebuilt from it, the sample names with their ids and every sample;
/// then `verify` on the copy, which must end on the source's last hash.
public enum StoreCopy {
    public struct Report: Sendable, Equatable {
        public var from: String
        public var to: String
        public var entries: Int
        public var samples: Int
        public var lastHash: String?
        public var verify: VerifyReport
    }

    public static func copy(from source: any CopyableStore & JournalReading, to target: any CopyableStore & JournalReading) throws -> Report {
        let sourceCheck = try source.verify()
        guard sourceCheck.ok else {
            throw StoreError("the source \(source.location) does not verify (\(sourceCheck.problem ?? "")); nothing was copied", kind: .conflict)
        }
        let journal = try source.journalRows()
        let names = try source.sampleNames()
        var samples = 0
        try target.restore(journal: journal, names: names) { emit in
            try source.forEachSampleGroup { group in
                samples += group.samples.count
                try emit(group)
            }
        }
        let check = try target.verify()
        guard check.ok, check.lastHash == sourceCheck.lastHash, check.entries == sourceCheck.entries else {
            throw StoreError("the copy in \(target.location) does not verify: \(check.problem ?? "it ends on another hash than the source"); remove it and copy again")
        }
        return Report(from: source.location, to: target.location, entries: journal.count, samples: samples, lastHash: check.lastHash, verify: check)
    }
}
