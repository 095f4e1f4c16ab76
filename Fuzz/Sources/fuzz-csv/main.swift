import FuzzDriver
import Engine
import Foundation
import Gates

/// The fleet CSV and issue readers (CSV, JSON, GitHub JSON) on any text: records or an `InputError`
/// naming its place, never a crash; what they accept keeps to the field limits.
func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let chargers = try? FleetCSV.parse(text, file: "fleet.csv") {
        for c in chargers {
            precondition(Charger.problem(withID: c.id) == nil, "accepted a bad id \(c.id.debugDescription)")
            for (k, v) in c.attributes {
                precondition(FieldLimits.problem(k, "name", limit: FieldLimits.attributeName) == nil)
                precondition(FieldLimits.problem(v, "value", limit: FieldLimits.attributeValue) == nil)
            }
        }
    }
    for format in IssueImport.Format.allCases {
        if let records = try? IssueImport.parse(text, format: format, file: "issues", now: Date(timeIntervalSince1970: 0), actor: "fuzz",
                                                defaultSeverity: .low) {
            for r in records {
                precondition(FieldLimits.problem(r.title, "title", limit: FieldLimits.title) == nil)
                precondition(ISOTime.range.contains(r.openedAt))
            }
        }
    }
    _ = ISOTime.parse(text).map { precondition(ISOTime.parse(ISOTime.format($0)) == ISOTime.truncate($0)) }
    return 0
}

runFuzzer { data, size in fuzzCSV(data ?? UnsafePointer(bitPattern: 1)!, size) }
