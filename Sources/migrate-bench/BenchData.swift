import Foundation

/// The generated data set of one size: the fleet, the samples CSV (written once, then reused), and the
/// clock and window of the gates (7 days ending at an unaligned time on the last day).
struct BenchData {
    let fleet: BenchFleet
    let days: Int
    let csv: String
    let samples: Int
    let csvBytes: Int
    let now: Date

    init(dir: String, chargers: Int, days: Int, firstDay: Int64) throws {
        let fleet = BenchFleet(count: chargers), csv = "\(dir)/samples-\(chargers)-\(days).csv"
        self.fleet = fleet
        self.days = days
        self.csv = csv
        if !FileManager.default.fileExists(atPath: csv) {
            print("generating \(csv) ...")
            let (n, s) = try measure { try BenchSamples(fleet: fleet, days: days, firstDay: firstDay).write(to: csv + ".part") }
            try FileManager.default.moveItem(atPath: csv + ".part", toPath: csv)
            print(String(format: "  %d samples in %.1f s", n, s))
        }
        csvBytes = (try FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0
        // Counting lines is cheap next to everything else and keeps the CSV the one source of truth.
        samples = try Self.lines(csv) - 1
        now = Date(timeIntervalSince1970: Double(firstDay + Int64(days - 1) * 86_400 + 9 * 3600 + 17 * 60 + 42))
    }

    var window: (start: Date, end: Date) { (now.addingTimeInterval(-7 * 86_400), now) }

    static func lines(_ path: String) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BenchError("cannot read \(path)") }
        defer { try? handle.close() }
        var count = 0
        while let data = try handle.read(upToCount: 1 << 22), !data.isEmpty {
            data.withUnsafeBytes { for b in $0 where b == 10 { count += 1 } }
        }
        return count
    }
}
