internal import CYaml

/// A streaming pass over libyaml's events, run before `Yams.compose` builds any tree.
///
/// It finds what would make composing dangerous or ambiguous, in constant stack and bounded work:
/// syntax errors, more than one document, nesting past the limit, aliases that expand past the
/// node budget (counted with each anchor's expanded size, so "billion laughs" stops after a few
/// hundred events), and duplicate keys (all of them, with the position of each repeat).
struct YAMLPrescan {
    struct Finding {
        var message: String
        var position: SourcePosition
        /// True when composing must not be attempted.
        var fatal: Bool
    }

    private struct Frame {
        var isMapping: Bool
        var anchor: String?
        var expandedCount = 1
        var expectingKey = true
        var keys: [String: SourcePosition] = [:]
    }

    let limits: LoaderLimits

    /// Scans `bytes` (UTF-8). Returns the findings and whether the stream holds any document.
    func scan(_ bytes: [UInt8]) -> (findings: [Finding], hasDocument: Bool) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return ([Finding(message: "could not start the YAML parser", position: .init(line: 1, column: 1), fatal: true)], false)
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)

        return bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            return run(&parser)
        }
    }

    private func run(_ parser: inout yaml_parser_t) -> (findings: [Finding], hasDocument: Bool) {
        var findings: [Finding] = []
        var stack: [Frame] = []
        var anchorSizes: [String: Int] = [:]
        var total = 0
        var documents = 0

        func fatal(_ message: String, _ at: SourcePosition) -> (findings: [Finding], hasDocument: Bool) {
            findings.append(Finding(message: message, position: at, fatal: true))
            return (findings, documents > 0)
        }

        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                let problem = parser.problem.map { String(cString: $0) } ?? ""
                if problem.contains("nesting level") {
                    return fatal("nesting deeper than \(limits.maxDepth) levels; a playbook never needs that", Self.position(parser.problem_mark))
                }
                return fatal(Self.syntaxMessage(parser), Self.position(parser.problem_mark))
            }
            defer { yaml_event_delete(&event) }
            let at = Self.position(event.start_mark)

            switch event.type {
            case YAML_STREAM_END_EVENT:
                return (findings, documents > 0)
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    return fatal("a playbook file holds one YAML document; a second one starts here", at)
                }
            case YAML_SCALAR_EVENT, YAML_ALIAS_EVENT, YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                var size = 1
                var anchor: String?
                var keyText: String?
                switch event.type {
                case YAML_ALIAS_EVENT:
                    let name = Self.text(event.data.alias.anchor)
                    guard let known = anchorSizes[name] else {
                        return fatal("alias '*\(name)' refers to no anchor defined before it", at)
                    }
                    size = known
                case YAML_SCALAR_EVENT:
                    anchor = Self.optionalText(event.data.scalar.anchor)
                    keyText = Self.text(event.data.scalar.value, length: event.data.scalar.length)
                case YAML_SEQUENCE_START_EVENT:
                    anchor = Self.optionalText(event.data.sequence_start.anchor)
                default:
                    anchor = Self.optionalText(event.data.mapping_start.anchor)
                }

                total += size
                if total > limits.maxNodes {
                    return fatal("the document expands to more than \(limits.maxNodes) nodes (through aliases or sheer size); refusing it", at)
                }
                // Key bookkeeping in the enclosing mapping.
                if let top = stack.indices.last, stack[top].isMapping {
                    if stack[top].expectingKey, event.type == YAML_SCALAR_EVENT || event.type == YAML_ALIAS_EVENT {
                        if let key = keyText {
                            if let first = stack[top].keys[key] {
                                findings.append(Finding(message: "duplicate key '\(key)' (first written at line \(first.line))", position: at, fatal: true))
                            } else {
                                stack[top].keys[key] = at
                            }
                        }
                    }
                    stack[top].expectingKey.toggle()
                }
                if event.type == YAML_SEQUENCE_START_EVENT || event.type == YAML_MAPPING_START_EVENT {
                    if stack.count >= limits.maxDepth {
                        return fatal("nesting deeper than \(limits.maxDepth) levels; a playbook never needs that", at)
                    }
                    stack.append(Frame(isMapping: event.type == YAML_MAPPING_START_EVENT, anchor: anchor))
                } else {
                    if let top = stack.indices.last { stack[top].expandedCount += size }
                    if let anchor { anchorSizes[anchor] = size }
                }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { break }
                if let top = stack.indices.last { stack[top].expandedCount += frame.expandedCount }
                if let anchor = frame.anchor { anchorSizes[anchor] = frame.expandedCount }
            default:
                break
            }
        }
    }

    private static func position(_ mark: yaml_mark_t) -> SourcePosition {
        SourcePosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func syntaxMessage(_ parser: yaml_parser_t) -> String {
        var message = "YAML syntax error: "
        message += parser.problem.map { String(cString: $0) } ?? "unreadable input"
        if let context = parser.context {
            message += " (\(String(cString: context)) at line \(parser.context_mark.line + 1))"
        }
        return message
    }

    private static func optionalText(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }
}
