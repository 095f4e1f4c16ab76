import Engine
import Foundation

/// The demo's fleet and metric samples: deterministic, realistic enough to read.
enum DemoData {
    static let sites = ["depot-north", "mall-west", "harbor-north", "depot-south", "mall-east", "harbor-south"]
    static let models = ["Alpitronic HYC300", "ABB Terra AC", "Kempower S-Series"]

    /// 120 chargers: 20 a site, models mixed on every site; north and south regions.
    static func fleetCSV() -> String {
        var lines = ["id,site,model,vendor,region,firmware"]
        for i in 0..<120 {
            let site = sites[i % sites.count]
            let model = models[(i / sites.count) % models.count]
            let region = site.hasSuffix("north") || site == "mall-west" ? "north" : "south"
            lines.append(String(format: "CP-%04d", i) + ",\(site),\(model),\(model.split(separator: " ")[0]),\(region),\(["1.4.2", "2.0.1"][i % 2])")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// How a charger behaves on a backend: rates of session start, remote action success, CDR mismatch, and drops a day.
    struct Behaviour {
        var sessionStart: Double
        var remoteSuccess: Double
        var cdrMismatch: Double
        var dropsPerDay: Double
    }

    static let legacy = Behaviour(sessionStart: 0.975, remoteSuccess: 0.96, cdrMismatch: 0.002, dropsPerDay: 0.3)
    static let target = Behaviour(sessionStart: 0.985, remoteSuccess: 0.965, cdrMismatch: 0.001, dropsPerDay: 0.2)
    /// The south region's chargers lose remote unlocks on the new platform.
    static let targetSouth = Behaviour(sessionStart: 0.98, remoteSuccess: 0.84, cdrMismatch: 0.001, dropsPerDay: 0.25)

    /// One sample per charger, metric and hour of traffic, for `days` days from `start`, as the CSMSs would report them.
    static func samplesCSV(start: Date, days: Int, chargers: [String], behaviour: (String) -> Behaviour) -> String {
        var out = "time,charger,metric,value\n"
        var rng = SplitMix(seed: UInt64(start.timeIntervalSince1970))
        for day in 0..<days {
            for hour in [8, 12, 16, 20] {
                let t = ISOTime.format(start.addingTimeInterval(Double(day * 86_400 + hour * 3_600 - 9 * 3_600)))
                for id in chargers {
                    let b = behaviour(id)
                    let attempted = 3 + Int(rng.next() % 4)
                    let started = binomial(attempted, b.sessionStart, &rng)
                    let requested = Int(rng.next() % 2)
                    let succeeded = binomial(requested, b.remoteSuccess, &rng)
                    let mismatched = binomial(started, b.cdrMismatch, &rng)
                    let dropped = binomial(1, b.dropsPerDay / 4, &rng)
                    out += "\(t),\(id),session.attempted,\(attempted)\n\(t),\(id),session.started,\(started)\n"
                    out += "\(t),\(id),remote.requested,\(requested)\n\(t),\(id),remote.succeeded,\(succeeded)\n"
                    out += "\(t),\(id),cdr.checked,\(started)\n\(t),\(id),cdr.mismatched,\(mismatched)\n"
                    out += "\(t),\(id),connection.dropped,\(dropped)\n"
                }
            }
        }
        return out
    }

    static func binomial(_ n: Int, _ p: Double, _ rng: inout SplitMix) -> Int {
        (0..<n).reduce(0) { acc, _ in acc + (Double(rng.next() % 1_000_000) / 1_000_000 < p ? 1 : 0) }
    }

    /// A small, fast, seeded generator, so every demo run shows the same numbers.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
