import Foundation
import OCPP

/// The committed frame logs recorded between real peers (tools/ocpp-peers) and their expected KPIs.
enum Fixtures {
    static let seeds = ["peers-seed1", "peers-seed2"]

    static var packageRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("no Package.swift above \(#filePath)")
    }

    static func url(_ name: String) -> URL {
        if let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil) {
            let url = dir.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return packageRoot.appendingPathComponent("Tests/OCPPTests/Fixtures/\(name)")
    }

    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: url(name))) }
}

/// A log's expected KPIs as the generator counted them: OCPP.md's JSON shape.
struct ExpectedKPIs {
    var totals: [String: Double]
    var perCharger: [String: [String: Double]]
    var byDay: [String: [String: Double]]

    init(contentsOf url: URL) throws {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        func values(_ any: Any?) -> [String: Double] { (any as! [String: NSNumber]).mapValues(\.doubleValue) }
        totals = values(object["totals"])
        perCharger = (object["per_charger"] as! [String: Any]).mapValues(values)
        byDay = (object["by_day"] as! [String: Any]).mapValues(values)
    }
}

/// Counts bytes as one log into an aggregate.
func aggregate(_ bytes: [UInt8], from: Int64? = nil, to: Int64? = nil, file: String = "log.jsonl") throws -> (KPIAggregate, FrameLogSummary) {
    var a = KPIAggregate(from: from, to: to)
    let summary = try FrameLog.count(file: file, source: MemoryByteSource(bytes), into: &a)
    a.noteSpan(first: summary.firstTime, last: summary.lastTime)
    return (a, summary)
}

/// The samples of bytes as one log.
func samples(_ bytes: [UInt8], file: String = "log.jsonl") throws -> ([KPISample], FrameLogSummary) {
    var collector = SampleCollector()
    let summary = try FrameLog.count(file: file, source: MemoryByteSource(bytes), into: &collector)
    return (collector.samples, summary)
}

/// A log from lines (each gets its newline).
func log(_ lines: [String]) -> [UInt8] { Array(lines.map { $0 + "\n" }.joined().utf8) }
