import Engine
import Foundation
import Store
import Testing

/// An import read from one path and named another (an upload read from a private temporary file): the journal, the
/// report and every message name the upload, on both backends.
@Suite struct SampleSourceNameTests {
    @Test(arguments: Backend.all)
    func theJournalAndTheMessagesNameTheSourceNotThePath(backend: Backend) throws {
        let t = try TemporaryStore(backend)
        _ = try t.service.importFleet(csv: Array("id,site\nCP-1,a\n".utf8), file: "fleet.csv", as: t.by())
        func write(_ name: String, _ text: String) throws -> String {
            let url = t.directory.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let good = try write("tmp-1.csv", "time,charger,metric,value\n2026-11-02T10:00:00Z,CP-1,m,1\n")
        let report = try t.store.importMetrics(path: good, source: "upload:week.csv", actor: "a", at: t0, simulated: true, skipUnknown: false)
        #expect(report.file == "upload:week.csv" && report.samples == 1)
        let files = try t.store.history(cohort: nil).compactMap { e -> String? in
            if case let .metricsImported(p) = e.event { p.file } else { nil }
        }
        #expect(files == ["upload:week.csv"])

        let bad = try write("tmp-2.csv", "time,charger,metric,value\nnot-a-time,CP-1,m,1\n")
        #expect { _ = try t.store.importMetrics(path: bad, source: "upload:bad.csv", actor: "a", at: t0, simulated: true, skipUnknown: false) } throws: {
            guard let e = $0 as? SampleImportError else { return false }
            return e.file == "upload:bad.csv" && e.line == 2 && !e.description.contains(bad)
        }
        let unknown = try write("tmp-3.csv", "time,charger,metric,value\n2026-11-02T10:00:00Z,CP-9,m,1\n")
        #expect { _ = try t.store.importMetrics(path: unknown, source: "upload:u.csv", actor: "a", at: t0, simulated: true, skipUnknown: false) } throws: {
            guard let e = $0 as? SampleImportError else { return false }
            return e.file == "upload:u.csv" && e.line == 2 && e.description.contains("CP-9")
        }
        #expect(try t.store.verify().ok)
    }
}
