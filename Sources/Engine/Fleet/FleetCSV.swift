import Foundation
import Playbook

/// Reads a fleet inventory: CSV with a header; column `id` is the charger id (its OCPP identity),
/// every other column an attribute (site, model, vendor, firmware, region, ...).
public enum FleetCSV {
    /// The chargers of `text`, or every problem with its line and column.
    public static func parse(_ text: String, file: String) throws -> [Charger] {
        try read(text, file: file).chargers
    }

    /// The chargers of `text` and the warnings about them (`FILE:LINE: warning: ...`: identities OCPP 2.0.1
    /// would refuse), or every problem with its line and column.
    public static func read(_ text: String, file: String) throws -> (chargers: [Charger], warnings: [String]) {
        let records: [CSVReader.Record]
        do { records = try CSVReader.records(text) } catch let p as CSVReader.Problem {
            throw InputError(problems: ["\(file):\(p.line): \(p.message)"])
        }
        guard let header = records.first else { throw InputError(problems: ["\(file): the file is empty; it needs a header with an `id` column"]) }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var problems: [String] = []
        guard let idColumn = columns.firstIndex(of: "id") else {
            throw InputError(problems: ["\(file):\(header.line): the header has no `id` column (found: \(TextRules.visible(columns.prefix(20).map { String($0.prefix(40)) }.joined(separator: ", "))))"])
        }
        for (i, c) in columns.enumerated() {
            if c.isEmpty {
                problems.append("\(file):\(header.line): column \(i + 1) of the header has no name")
            } else if let problem = FieldLimits.problem(c, "the name of column \(i + 1)", limit: FieldLimits.attributeName) {
                problems.append("\(file):\(header.line): \(problem)")
            }
        }
        var seenColumns: Set<String> = []
        for c in columns where !c.isEmpty && !seenColumns.insert(c).inserted {
            problems.append("\(file):\(header.line): column `\(TextRules.visible(c))` appears twice in the header")
        }
        var chargers: [Charger] = []
        var warnings: [String] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == columns.count else {
                problems.append("\(file):\(record.line): \(record.fields.count) fields, the header has \(columns.count)")
                continue
            }
            let id = record.fields[idColumn].trimmingCharacters(in: .whitespaces)
            if let problem = Charger.problem(withID: id) {
                problems.append("\(file):\(record.line): column id: \(problem)")
                continue
            }
            if let first = seen[id] {
                problems.append("\(file):\(record.line): column id: charger \(id) already appears on line \(first)")
                continue
            }
            seen[id] = record.line
            if let warning = Charger.warning(forID: id) { warnings.append("\(file):\(record.line): warning: column id: \(warning)") }
            var attributes: [String: String] = [:]
            var fits = true
            for (i, value) in record.fields.enumerated() where i != idColumn && !columns[i].isEmpty {
                let value = value.trimmingCharacters(in: .whitespaces)
                if let problem = FieldLimits.problem(value, "the value", limit: FieldLimits.attributeValue) {
                    problems.append("\(file):\(record.line): column \(TextRules.visible(String(columns[i].prefix(FieldLimits.attributeName)))): \(problem)")
                    fits = false
                }
                attributes[columns[i]] = value
            }
            guard fits else { continue }
            chargers.append(Charger(id: id, attributes: attributes))
        }
        if chargers.isEmpty && problems.isEmpty { problems.append("\(file): no chargers after the header") }
        if !problems.isEmpty { throw InputError(problems: problems) }
        return (chargers, warnings)
    }
}
