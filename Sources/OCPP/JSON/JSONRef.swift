/// A JSON value inside the line being read: its kind and where its bytes are.
///
/// For a string, `start..<end` is its content without the quotes and `escaped` says whether it holds a
/// backslash escape (then its bytes are not its text). For every other kind, `start..<end` is the whole value.
/// Valid only while the line it points into is.
struct JSONRef: Equatable {
    enum Kind: UInt8 { case object, array, string, number, bool, null }

    var kind: Kind
    var start: Int
    var end: Int
    var escaped: Bool = false

    var isString: Bool { kind == .string }
}
