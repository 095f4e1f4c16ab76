import Foundation

/// The history `.ci/prometheus.sh` loads into Prometheus (keep the two in step).
enum PrometheusFixture {
    /// The Prometheus that `.ci/prometheus.sh` started; the tests that need it are skipped when unset.
    static let url = ProcessInfo.processInfo.environment["MIGRATE_TEST_PROMETHEUS_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let t0: TimeInterval = 1_780_000_000
    /// Samples every 60 s for k = 0..<1440 at t0 + 60k.
    static func sample(_ k: Int) -> Date { Date(timeIntervalSince1970: t0 + Double(60 * k)) }

    /// CP-1: always 1. CP-2: 0 when k % 4 == 0, else 1. CP-3: two series (ports 1 and 2).
    static func cp2(_ k: Int) -> Double { k % 4 == 0 ? 0 : 1 }

    /// Half a minute after sample 720: an hour's range then holds exactly samples 661...720.
    static let at = Date(timeIntervalSince1970: t0 + 720 * 60 + 30)
}
