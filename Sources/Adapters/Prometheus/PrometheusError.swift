/// Why a Prometheus query gave no usable value. The text is for people; a gate that gets one is pending.
public struct PrometheusError: Error, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
