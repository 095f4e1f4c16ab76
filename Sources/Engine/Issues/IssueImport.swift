import Foundation
import Gates
import Playbook

/// Reads issue records from a file: our CSV or JSON, or the JSON of
/// `gh issue list --json number,title,state,labels,createdAt,closedAt,url`.
public enum IssueImport {
    public enum Format: String, Sendable, CaseIterable {
        case csv, json, github
    }

    /// The records of `data`, or every problem with where it is. `now` and `actor` stand in for
    /// an opening time or person the file does not give.
    public static func parse(_ text: String, format: Format, file: String, now: Date, actor: String,
                             defaultSeverity: Severity? = nil) throws -> [IssueRecord] {
        switch format {
        case .csv: try parseCSV(text, file: file, now: now, actor: actor, defaultSeverity: defaultSeverity)
        case .json: try parseJSON(text, file: file, now: now, actor: actor, github: false, defaultSeverity: defaultSeverity)
        case .github: try parseJSON(text, file: file, now: now, actor: actor, github: true, defaultSeverity: defaultSeverity)
        }
    }

    /// The format a file's name suggests: `.csv` → csv, otherwise json.
    public static func guessFormat(path: String) -> Format {
        path.lowercased().hasSuffix(".csv") ? .csv : .json
    }

    static let csvColumns = ["id", "title", "severity", "scope", "cohort", "owner", "state", "url", "opened_at", "closed_at"]

    static func parseCSV(_ text: String, file: String, now: Date, actor: String, defaultSeverity: Severity?) throws -> [IssueRecord] {
        let records: [CSVReader.Record]
        do { records = try CSVReader.records(text) } catch let p as CSVReader.Problem { throw InputError("\(file):\(p.line): \(p.message)") }
        guard let header = records.first else { throw InputError("\(file): the file is empty; it needs a header (\(csvColumns.joined(separator: ",")))") }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var problems: [String] = []
        var seenColumns: Set<String> = []
        for (i, c) in columns.enumerated() {
            if !csvColumns.contains(c) {
                problems.append("\(file):\(header.line): unknown column `\(TextRules.visible(String(c.prefix(40))))`; columns are \(csvColumns.joined(separator: ", "))")
            } else if !seenColumns.insert(c).inserted {
                problems.append("\(file):\(header.line): column `\(c)` appears twice in the header (column \(i + 1)); each column may appear once")
            }
        }
        for required in ["id", "title"] where !columns.contains(required) {
            problems.append("\(file):\(header.line): the header has no `\(required)` column")
        }
        if !problems.isEmpty { throw InputError(problems: problems) }
        var result: [IssueRecord] = []
        for record in records.dropFirst() {
            guard record.fields.count == columns.count else {
                problems.append("\(file):\(record.line): \(record.fields.count) fields, the header has \(columns.count)")
                continue
            }
            var fields: [String: String] = [:]
            for (i, c) in columns.enumerated() {
                let v = record.fields[i].trimmingCharacters(in: .whitespaces)
                if !v.isEmpty { fields[c] = v }
            }
            do {
                result.append(try issue(fields, now: now, actor: actor, defaultSeverity: defaultSeverity))
            } catch let e as FieldProblem {
                problems.append("\(file):\(record.line): column \(e.field): \(e.message)")
            }
        }
        try checkDuplicates(result.map(\.id), file: file, problems: &problems)
        if !problems.isEmpty { throw InputError(problems: problems) }
        return result
    }

    static func parseJSON(_ text: String, file: String, now: Date, actor: String, github: Bool, defaultSeverity: Severity?) throws -> [IssueRecord] {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(text.utf8)) } catch {
            throw InputError("\(file): not valid JSON (\((error as NSError).userInfo["NSDebugDescription"] ?? error.localizedDescription))")
        }
        guard let array = object as? [Any] else { throw InputError("\(file): expected a JSON array of issues") }
        var problems: [String] = []
        var result: [IssueRecord] = []
        for (i, element) in array.enumerated() {
            guard let dict = element as? [String: Any] else {
                problems.append("\(file): element \(i + 1) is not an object")
                continue
            }
            let place = github ? "issue #\(dict["number"].map { "\($0)" } ?? "?") (element \(i + 1))" : "element \(i + 1)"
            do {
                let fields = github ? try githubFields(dict) : try plainFields(dict)
                result.append(try issue(fields, now: now, actor: actor, defaultSeverity: defaultSeverity))
            } catch let e as FieldProblem {
                problems.append("\(file): \(place): \(e.field): \(e.message)")
            }
        }
        try checkDuplicates(result.map(\.id), file: file, problems: &problems)
        if !problems.isEmpty { throw InputError(problems: problems) }
        return result
    }

    static func plainFields(_ dict: [String: Any]) throws -> [String: String] {
        var fields: [String: String] = [:]
        for (k, v) in dict {
            guard csvColumns.contains(k) else { throw FieldProblem(field: TextRules.visible(String(k.prefix(40))), message: "unknown key; keys are \(csvColumns.joined(separator: ", "))") }
            switch v {
            case is NSNull: continue
            case let s as String: if !s.isEmpty { fields[k] = s }
            case let n as NSNumber: fields[k] = n.stringValue
            default: throw FieldProblem(field: k, message: "must be a string")
            }
        }
        return fields
    }

    /// `number,title,state,labels,createdAt,closedAt,url`, labels `severity:X`, `scope:X`, `cohort:X`, `owner:X`.
    static func githubFields(_ dict: [String: Any]) throws -> [String: String] {
        guard let number = dict["number"] as? Int else { throw FieldProblem(field: "number", message: "missing or not a number") }
        var fields: [String: String] = ["id": "GH-\(number)"]
        fields["title"] = dict["title"] as? String
        fields["state"] = (dict["state"] as? String)?.lowercased()
        fields["url"] = dict["url"] as? String
        fields["opened_at"] = dict["createdAt"] as? String
        if let closed = dict["closedAt"] as? String, !closed.isEmpty, !closed.hasPrefix("0001-") { fields["closed_at"] = closed }
        for label in dict["labels"] as? [[String: Any]] ?? [] {
            guard let name = label["name"] as? String, let colon = name.firstIndex(of: ":") else { continue }
            let key = name[..<colon].lowercased().trimmingCharacters(in: .whitespaces)
            let value = name[name.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if ["severity", "scope", "cohort", "owner"].contains(key) {
                if let existing = fields[key], existing != value {
                    throw FieldProblem(field: "labels", message: "two \(key) labels (\(existing), \(value))")
                }
                fields[key] = value
            }
        }
        return fields
    }

    struct FieldProblem: Error {
        var field: String
        var message: String
    }

    /// Each field's limit (`FieldLimits`): one line of printable text, at most this many characters.
    static let fieldLimits: [String: Int] = [
        "id": FieldLimits.identifier, "title": FieldLimits.title, "severity": FieldLimits.identifier,
        "scope": FieldLimits.identifier, "cohort": FieldLimits.identifier, "owner": FieldLimits.identifier,
        "state": FieldLimits.identifier, "url": FieldLimits.url, "opened_at": FieldLimits.identifier,
        "closed_at": FieldLimits.identifier,
    ]

    static func issue(_ f: [String: String], now: Date, actor: String, defaultSeverity: Severity?) throws -> IssueRecord {
        for (field, value) in f.sorted(by: { $0.key < $1.key }) {
            if let problem = FieldLimits.problem(value, "the value", limit: fieldLimits[field] ?? FieldLimits.identifier) {
                throw FieldProblem(field: field, message: problem)
            }
        }
        guard let id = f["id"] else { throw FieldProblem(field: "id", message: "missing") }
        guard let title = f["title"] else { throw FieldProblem(field: "title", message: "missing") }
        let severity: Severity
        if let s = f["severity"] {
            guard let parsed = Severity(rawValue: s.lowercased()) else {
                throw FieldProblem(field: "severity", message: "'\(TextRules.visible(s))' is not one of critical, high, medium, low")
            }
            severity = parsed
        } else if let defaultSeverity {
            severity = defaultSeverity
        } else {
            throw FieldProblem(field: "severity", message: "missing (give it, or import with --default-severity)")
        }
        var scope: IssueScope?
        if let s = f["scope"] {
            guard let parsed = IssueScope(rawValue: s.lowercased()) else {
                throw FieldProblem(field: "scope", message: "'\(s)' is not pilot-specific or fleet-wide")
            }
            scope = parsed
        }
        var closedAt: Date?
        let state = f["state"]?.lowercased() ?? (f["closed_at"] == nil ? "open" : "closed")
        guard state == "open" || state == "closed" else { throw FieldProblem(field: "state", message: "'\(state)' is not open or closed") }
        let openedAt = try f["opened_at"].map { try time($0, field: "opened_at") } ?? now
        if state == "closed" { closedAt = try f["closed_at"].map { try time($0, field: "closed_at") } ?? now }
        return IssueRecord(id: id, title: title, severity: severity, scope: scope, cohort: f["cohort"], owner: f["owner"],
                           url: f["url"], openedAt: ISOTime.truncate(openedAt), openedBy: actor,
                           closedAt: closedAt.map(ISOTime.truncate), closedBy: closedAt == nil ? nil : actor)
    }

    static func time(_ text: String, field: String) throws -> Date {
        guard let d = ISOTime.parse(text) else {
            throw FieldProblem(field: field, message: "'\(text)' is not an ISO 8601 time between 0001-01-01 and 9999-12-31 (UTC)")
        }
        return d
    }

    static func checkDuplicates(_ ids: [String], file: String, problems: inout [String]) throws {
        var seen: Set<String> = []
        for id in ids where !seen.insert(id).inserted { problems.append("\(file): issue \(id) appears twice") }
    }
}
