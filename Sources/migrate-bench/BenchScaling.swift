import Engine
import Foundation

/// `--scale N,N,...`: per fleet size, a store built through the CLI (30 days of samples, 7 from 100,000
/// chargers), then every command a user runs, each a whole process (median of 3): import time and peak
/// memory, store size, gates, status, routes, history, verify (by the seals, and `--full`) and report.
struct BenchScaling {
    let dir: String
    let migrate: String
    let firstDay: Int64

    static let commands: [(String, [String])] = [
        ("gates", ["gates", "bench", "--json"]),
        ("status", ["status"]),
        ("routes json", ["routes", "--format", "json"]),
        ("routes csv", ["routes", "--format", "csv"]),
        ("history", ["history", "bench"]),
        ("verify", ["verify"]),
        ("verify --full", ["verify", "--full"]),
        ("report md", ["report", "bench", "--format", "md"]),
        ("report html", ["report", "bench", "--format", "html"]),
    ]

    func run(_ sizes: [Int]) throws {
        var rows: [String] = []
        let header = "| chargers × days | samples | import | import peak | store | " + Self.commands.map(\.0).joined(separator: " | ")
            + " | peak (any command) |"
        for chargers in sizes {
            let days = chargers >= 100_000 ? 7 : 30
            let data = try BenchData(dir: dir, chargers: chargers, days: days, firstDay: firstDay)
            let store = BenchStore(migrate: migrate, db: "\(dir)/scale-\(chargers).db", dir: dir, now: ISOTime.format(data.now),
                               created: ISOTime.format(Date(timeIntervalSince1970: Double(firstDay))))
            try store.create(fleet: data.fleet)
            let imported = try store.run(["metrics", "import", data.csv])
            var cells = ["\(chargers) × \(days)", String(data.samples), String(format: "%.1f s (%.1f s)", imported.seconds, imported.cpu),
                         megabytes(imported.peakBytes), megabytes(store.bytes)]
            var peak = 0
            for (name, arguments) in Self.commands {
                let (seconds, cpu, bytes) = try store.time(arguments)
                peak = max(peak, bytes)
                func text(_ s: Double) -> String { s < 1 ? String(format: "%.0f ms", s * 1000) : String(format: "%.2f s", s) }
                cells.append("\(text(seconds)) (\(text(cpu)))")
                print("  \(chargers) chargers: \(name) \(cells.last!)")
            }
            cells.append(megabytes(peak))
            rows.append("| " + cells.joined(separator: " | ") + " |")
            print(rows.last!)
        }
        print("\nmeasured: \(BenchBuild.describe(migrate))\neach cell: median wall time of whole processes (their CPU time, user + system)\n\n" + header + "\n|" + String(repeating: "---|", count: 6 + Self.commands.count) + "\n" + rows.joined(separator: "\n"))
    }
}
