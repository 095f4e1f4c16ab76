import Foundation
import OCPP

/// `ocpp kpis` for people (tables) and spreadsheets (CSV); the JSON is OCPP's own (`KPIAggregate.json()`).
enum KPIRendering {
    /// The columns of the per-charger and per-day tables: the metrics a pilot's gates look at.
    static let columns: [(String, KPIMetric)] = [
        ("CONN", .connectionEstablished), ("DROPS", .connectionDropped), ("BOOT OK", .bootAccepted),
        ("ATTEMPTED", .sessionAttempted), ("STARTED", .sessionStarted), ("STOPPED", .sessionStopped),
        ("ABNORMAL", .sessionStoppedAbnormally), ("REMOTE", .remoteRequested), ("REMOTE OK", .remoteSucceeded),
        ("ERRORS", .callError), ("FAULTED", .statusFaulted), ("CDR", .cdrChecked), ("CDR BAD", .cdrMismatched),
        ("WH", .energyWh),
    ]

    static func table(_ a: KPIAggregate) -> String {
        let n = KPIAggregate.number
        var out = Output.table(["METRIC", "TOTAL"], KPIMetric.allCases.map { [$0.rawValue, n(a.totals[$0.index])] })
        out += "\n\n" + Output.table(["CHARGER"] + columns.map(\.0), a.chargerIDs.sorted().map { id in
            let v = a.values(ofCharger: id)!
            return [id] + columns.map { n(v[$0.1.index]) }
        })
        out += "\n\n" + Output.table(["DAY (UTC)"] + columns.map(\.0), a.days.map { day in
            let v = a.values(onDay: day)
            return [Timestamp.dayText(day)] + columns.map { n(v[$0.1.index]) }
        })
        return out + "\n\n\(a.chargerIDs.count) charger\(a.chargerIDs.count == 1 ? "" : "s"), \(a.days.count) day\(a.days.count == 1 ? "" : "s")"
    }

    /// `metric,charger,day,value`: one row per metric for every charger on every day it has a sample in the
    /// window (zeros included). Summing a column over chargers and days gives the totals.
    static func printCSV(_ a: KPIAggregate) {
        print("metric,charger,day,value")
        let cells = a.chargerDays.keys.sorted { (a.chargerIDs[$0.charger], $0.day) < (a.chargerIDs[$1.charger], $1.day) }
        var out = ""
        for cell in cells {
            let values = a.chargerDays[cell]!
            let charger = csv(a.chargerIDs[cell.charger]), day = Timestamp.dayText(cell.day)
            for metric in KPIMetric.allCases {
                out += metric.rawValue + "," + charger + "," + day + "," + KPIAggregate.number(values[metric.index]) + "\n"
            }
            if out.utf8.count > 1 << 16 { print(out, terminator: ""); out = "" }
        }
        print(out, terminator: "")
    }

    /// A CSV field, quoted when it holds a comma, quote, CR or LF (RFC 4180).
    static func csv(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
