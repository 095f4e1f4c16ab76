/// A small RFC 4180 reader: quoted fields, doubled quotes, CRLF, LF or CR alone (old Mac files) as line
/// ends, a BOM. Reports the line of each record.
public struct CSVReader {
    public struct Record {
        public var line: Int
        public var fields: [String]
    }

    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Every record of `text`; blank lines are skipped.
    public static func records(_ text: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var afterQuote = false
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
        }
        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let n = iterator.next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; afterQuote = true; pending = n }
                    } else { inQuotes = false; afterQuote = true }
                } else {
                    if c == "\n" { line += 1 }
                    if c == "\r" {
                        // A CR alone inside quotes is a line end too; CRLF counts once.
                        if let n = iterator.next() { pending = n; if n != "\n" { line += 1 } } else { line += 1 }
                    }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                fields.append(field)
                field = ""
                afterQuote = false
            case "\r":
                // CRLF, or a CR alone (old Mac line ends): either ends the record.
                if let n = iterator.next(), n != "\n" { pending = n }
                endRecord()
                line += 1
                recordLine = line
                afterQuote = false
            case "\n":
                endRecord()
                line += 1
                recordLine = line
                afterQuote = false
            case "\"":
                guard field.isEmpty, !afterQuote else { throw Problem(line: line, message: "column \(fields.count + 1): a quote inside an unquoted field") }
                inQuotes = true
            default:
                if afterQuote { throw Problem(line: line, message: "column \(fields.count + 1): text after a closing quote") }
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw Problem(line: recordLine, message: "column \(fields.count + 1): a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
