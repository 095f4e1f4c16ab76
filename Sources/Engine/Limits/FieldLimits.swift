import Playbook

/// The longest text each field may hold where it enters the store (imports and the command line),
/// so one oversized value cannot make every table row, report and listing huge. A field past its
/// limit, or holding a character `TextRules` forbids, is refused with the field and the place.
/// docs/limits.md lists them.
public enum FieldLimits {
    /// Fleet attribute names: a name (`TextRules`), at most 100 characters.
    public static let attributeName = 100
    /// Fleet attribute values (site, model, vendor, ...): one line, at most 200 characters.
    public static let attributeValue = 200
    /// Issue ids, owners, cohort names and actors: one line, at most 100 characters.
    public static let identifier = 100
    /// Issue titles: one line, at most 500 characters.
    public static let title = 500
    /// Issue URLs: one line, at most 2 048 characters.
    public static let url = 2_048
    /// Reasons and notes: at most 4 096 characters; tabs and line feeds allowed (shown escaped).
    public static let reason = 4_096

    /// Why `value` cannot be stored as `what`, or nil: `TextRules.problem` with this field's limit.
    public static func problem(_ value: String, _ what: String, limit: Int, multiline: Bool = false) -> String? {
        TextRules.problem(with: value, what, limit: limit, multiline: multiline)
    }
}
