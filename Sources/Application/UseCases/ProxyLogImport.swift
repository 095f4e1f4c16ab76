import Engine
import Foundation

/// What one pass over a proxy's log directory did: the logs that had something new, and the ones that
/// could not be imported (they are tried again at the next pass).
public struct ProxyLogImportPass: Sendable {
    public var imported: [OCPPImportReport] = []
    public var failed: [(file: String, error: String)] = []
}

/// The KPIs of what `migrate proxy` recorded, into the store: every frame log (`frames-*.jsonl`) through
/// `importOCPPLog` and every switch log (`switches-*.jsonl`) through `importSwitchLog`, in name order (the
/// order the proxy wrote them), each with its own transaction and journal entry — samples are evidence, never
/// routes. A log whose size has not changed since its last import is not read again; one that grew is read as
/// a grown log (only what is new is stored); when what it gained decided no sample (a CALL still awaiting its
/// answer, heartbeats, a `closed` switch step), nothing is stored or journaled and the next import reads on
/// from the last journaled position. Chargers the fleet no longer has are skipped and counted (a
/// refused log would be refused again at every pass, and the fleet's other evidence with it).
public struct ProxyLogImporter: Sendable {
    public let directory: String
    private var sizes: [String: Int64] = [:]

    public init(directory: String) { self.directory = directory }

    /// The proxy's logs in `directory`, in the order they were written.
    public static func logs(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { ($0.hasPrefix("frames-") || $0.hasPrefix("switches-")) && $0.hasSuffix(".jsonl") }.sorted()
    }

    /// Imports what the logs gained since the last pass.
    public mutating func importNew(into service: MigrationService, as invocation: Invocation) -> ProxyLogImportPass {
        var pass = ProxyLogImportPass()
        for name in Self.logs(in: directory) {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            guard let size = Self.size(path), size != sizes[name] else { continue }
            do {
                let report = name.hasPrefix("switches-")
                    ? try service.importSwitchLog(path: path, skipUnknown: true, journalEmpty: false, as: invocation)
                    : try service.importOCPPLog(path: path, skipUnknown: true, journalEmpty: false, as: invocation)
                sizes[name] = size
                if report.imported.map({ !$0.alreadyImported }) ?? false { pass.imported.append(report) }
            } catch {
                pass.failed.append((path, "\(error)"))
            }
        }
        return pass
    }

    static func size(_ path: String) -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
    }
}
