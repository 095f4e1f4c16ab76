/// The bounds the loader enforces before it builds anything from a file.
///
/// A playbook is a page or two of YAML; these limits are far above any real one and far below
/// what could hurt the process: a file past them gets one clear error instead of a hang or a
/// runaway allocation ("billion laughs" aliases, pathological nesting, huge or binary files).
public struct LoaderLimits: Sendable, Equatable {
    /// Largest accepted file, in bytes.
    public var maxBytes: Int
    /// Deepest accepted nesting of mappings and lists.
    public var maxDepth: Int
    /// Most nodes the document may hold once every alias is expanded.
    public var maxNodes: Int

    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64, maxNodes: Int = 100_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }

    /// 1 MiB, 64 levels, 100 000 nodes.
    public static let `default` = LoaderLimits()
}
