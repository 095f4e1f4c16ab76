import Engine
import Foundation

/// Writes 30 days of realistic samples for the fleet as CSV, in time order as an exporter would:
/// per charger, the hours with sessions (session.attempted / session.started, about 8 a day), and one
/// daily sample of connection drops, remote requests / successes and CDR checks / mismatches.
struct BenchSamples {
    let fleet: BenchFleet
    let days: Int
    let firstDay: Int64 // seconds since 1970, at 00:00Z

    /// Writes the CSV and returns the number of samples.
    func write(to path: String) throws -> Int {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let out = FileHandle(forWritingAtPath: path) else { throw BenchError("cannot write \(path)") }
        defer { try? out.close() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 22)
        buffer.append(contentsOf: Array("time,charger,metric,value\n".utf8))
        var rng = BenchRandom(seed: 42)
        var count = 0
        let ids = fleet.chargers.map { Array($0.id.utf8) }
        // Per charger: quality (pilot chargers slightly differ by model) and activity.
        let activity = fleet.chargers.indices.map { _ in 0.15 + 0.25 * rng.unit() }
        func emit(_ time: [UInt8], _ charger: Int, _ metric: [UInt8], _ value: Int) {
            buffer.append(contentsOf: time); buffer.append(44)
            buffer.append(contentsOf: ids[charger]); buffer.append(44)
            buffer.append(contentsOf: metric); buffer.append(44)
            buffer.append(contentsOf: Array(String(value).utf8)); buffer.append(10)
            count += 1
        }
        let attempted = Array("session.attempted".utf8), started = Array("session.started".utf8)
        let dropped = Array("connection.dropped".utf8), requested = Array("remote.requested".utf8)
        let succeeded = Array("remote.succeeded".utf8), checked = Array("cdr.checked".utf8), mismatched = Array("cdr.mismatched".utf8)
        let minutes = (0..<60).map { Array(String(format: "%02d:00Z", $0).utf8) }
        for day in 0..<days {
            for hour in 0..<24 {
                let prefix = Array(BenchTime.iso(firstDay + Int64(day * 86_400 + hour * 3600)).utf8.prefix(14)) // YYYY-MM-DDTHH:
                let busy = hour >= 7 && hour <= 21 ? 1.0 : 0.25
                for c in ids.indices {
                    let minute = c % 60
                    let time = prefix + minutes[minute]
                    if rng.unit() < activity[c] * busy * 1.6 {
                        let tries = 1 + Int(rng.unit() * 3)
                        var ok = 0
                        for _ in 0..<tries where rng.unit() < (c % 10 == 3 ? 0.975 : 0.98) { ok += 1 }
                        emit(time, c, attempted, tries)
                        emit(time, c, started, ok)
                    }
                    if hour == 23 {
                        let end = prefix + minutes[59]
                        emit(end, c, dropped, rng.unit() < 0.3 ? 1 : 0)
                        let req = Int(rng.unit() * 4)
                        var okr = 0
                        for _ in 0..<req where rng.unit() < (c % 10 == 3 ? 0.95 : 0.97) { okr += 1 }
                        emit(end, c, requested, req)
                        emit(end, c, succeeded, okr)
                        let cdrs = Int(rng.unit() * 12)
                        emit(end, c, checked, cdrs)
                        emit(end, c, mismatched, rng.unit() < 0.05 ? 1 : 0)
                    }
                    if buffer.count > (1 << 22) - 256 { out.write(Data(buffer)); buffer.removeAll(keepingCapacity: true) }
                }
            }
        }
        out.write(Data(buffer))
        return count
    }
}

/// xorshift64*: fast and deterministic.
struct BenchRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed | 1 }
    mutating func unit() -> Double {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return Double((state &* 2_685_821_657_736_338_717) >> 11) / Double(1 << 53)
    }
}

enum BenchTime {
    static func iso(_ seconds: Int64) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
