import Application
import Engine
import Proxy
import Logging
import Synchronization

/// `migrate proxy --import-every D`: imports the KPIs of the proxy's own frame and switch logs into the store
/// every D, through the application's `ProxyLogImporter` (the use cases of `migrate ocpp import`), and once
/// more after the proxy stopped (what the drain wrote). Imports are blocking store writes: they run on a
/// thread of their own below the relay's priority (`BackgroundThread`), never on the cooperative pool or the
/// relay's event loops. Evidence only: routes are never written.
final class ProxyEvidenceImport: Sendable {
    private let service: MigrationService
    /// Who imports (`--actor`), on the system clock (or `--now`'s).
    private let invocation: Invocation
    private let interval: Duration
    private let logger: Logger
    private let importer: Mutex<ProxyLogImporter>
    /// The last error logged per file, so that a log failing the same way is reported once, not every pass.
    private let reported = Mutex<[String: String]>([:])
    /// For `/metrics`: imports that stored something, imports that failed, samples stored, files failing now; passes
    /// made, their time in all and the last one's (what an import costs, off the relay's threads).
    private let counts = Mutex<(stored: Int, failed: Int, samples: Int, failing: Int, passes: Int, seconds: Double, last: Double)>(
        (0, 0, 0, 0, 0, 0, 0))

    init(directory: String, every interval: Duration, service: MigrationService, invocation: Invocation, logger: Logger) {
        self.service = service
        self.invocation = invocation
        self.interval = interval
        self.logger = logger
        importer = Mutex(ProxyLogImporter(directory: directory))
    }

    /// Imports every `interval` until cancelled.
    func run() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            await importNow()
        }
    }

    /// One pass, off the pool, on a thread below the relay's priority (`BackgroundThread`).
    func importNow() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            BackgroundThread.run("migrate-proxy-import") { [self] in
                pass()
                done.resume()
            }
        }
    }

    /// The import's series for the proxy's `/metrics`.
    func renderMetrics() -> String {
        let c = counts.withLock { $0 }
        return """
            # HELP migrate_proxy_imports_total Imports of a recorded log into the store: stored (something new) or failed (tried again).
            # TYPE migrate_proxy_imports_total counter
            migrate_proxy_imports_total{outcome="stored"} \(c.stored)
            migrate_proxy_imports_total{outcome="failed"} \(c.failed)
            # HELP migrate_proxy_imported_samples_total Metric samples the imports stored (KPIs and route.switch.*).
            # TYPE migrate_proxy_imported_samples_total counter
            migrate_proxy_imported_samples_total \(c.samples)
            # HELP migrate_proxy_import_failing_logs Recorded logs the last import could not import.
            # TYPE migrate_proxy_import_failing_logs gauge
            migrate_proxy_import_failing_logs \(c.failing)
            # HELP migrate_proxy_import_passes_total Passes over the log directory (every --import-every).
            # TYPE migrate_proxy_import_passes_total counter
            migrate_proxy_import_passes_total \(c.passes)
            # HELP migrate_proxy_import_seconds_total Time the passes took in all (wall clock, on the import's own thread).
            # TYPE migrate_proxy_import_seconds_total counter
            migrate_proxy_import_seconds_total \(c.seconds)
            # HELP migrate_proxy_import_last_seconds Time the last pass took.
            # TYPE migrate_proxy_import_last_seconds gauge
            migrate_proxy_import_last_seconds \(c.last)

            """
    }

    private func pass() {
        let clock = ContinuousClock(), began = clock.now
        let result = importer.withLock { $0.importNew(into: service, as: invocation) }
        let took = began.duration(to: clock.now)
        let seconds = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
        counts.withLock { c in
            c.passes += 1
            c.seconds += seconds
            c.last = seconds
            c.stored += result.imported.count
            c.failed += result.failed.count
            c.samples += result.imported.reduce(0) { $0 + ($1.imported?.samples ?? 0) }
            c.failing = result.failed.count
        }
        for report in result.imported {
            guard let imported = report.imported else { continue }
            var metadata: Logger.Metadata = ["file": "\(report.file)", "samples": "\(imported.samples)", "entry": "\(imported.entry)"]
            if imported.skippedUnknown > 0 { metadata["skipped_not_in_fleet"] = "\(imported.skippedUnknown)" }
            if imported.replaced > 0 { metadata["samples_grown"] = "\(imported.replaced)" }
            logger.info("recorded KPIs imported", metadata: metadata)
            reported.withLock { _ = $0.removeValue(forKey: report.file) }
        }
        for failure in result.failed {
            let isNew = reported.withLock { seen in
                defer { seen[failure.file] = failure.error }
                return seen[failure.file] != failure.error
            }
            if isNew {
                logger.error("cannot import a recorded log; tried again at the next import",
                             metadata: ["file": "\(failure.file)", "error": "\(failure.error)"])
            }
        }
    }
}
