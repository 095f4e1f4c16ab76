import ArgumentParser
import Proxy

/// `HOST:PORT` (IPv6 as `[::1]:8080`); port 0 lets the system choose.
struct HostPort: ExpressibleByArgument, Equatable {
    var host: String
    var port: Int

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init?(argument: String) {
        guard let colon = argument.lastIndex(of: ":"), let port = Int(argument[argument.index(after: colon)...]),
              (0...65535).contains(port) else { return nil }
        var host = String(argument[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }

    var defaultValueDescription: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// A duration: a whole number and `ms`, `s`, `m` or `h` (`500ms`, `30s`, `10m`); `0` means none.
struct DurationArgument: ExpressibleByArgument, Equatable {
    var duration: Duration

    init(_ duration: Duration) { self.duration = duration }

    init?(argument: String) {
        if argument == "0" { duration = .zero; return }
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (unit, millis) in units where argument.hasSuffix(unit) {
            let digits = argument.dropLast(unit.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int64(digits),
                  n <= 10_000_000 else { return nil }
            duration = .milliseconds(n * millis)
            return
        }
        return nil
    }

    var defaultValueDescription: String {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if ms == 0 { return "0" }
        for (unit, factor) in [("h", Int64(3_600_000)), ("m", 60_000), ("s", 1000)] where ms % factor == 0 { return "\(ms / factor)\(unit)" }
        return "\(ms)ms"
    }
}

/// A size in bytes: a whole number, optionally with `KiB`, `MiB` or `GiB`.
struct ByteSize: ExpressibleByArgument, Equatable {
    var bytes: Int

    init(_ bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("", 1)]
        for (unit, factor) in units where argument.hasSuffix(unit) {
            let digits = argument.dropLast(unit.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits), n > 0,
                  n <= Int.max / factor else { return nil }
            bytes = n * factor
            return
        }
        return nil
    }

    var defaultValueDescription: String {
        for (unit, factor) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes % factor == 0 { return "\(bytes / factor)\(unit)" }
        return "\(bytes)"
    }
}

/// `NAME=URL`: a backend by name and its ws:// or wss:// endpoint.
struct BackendArgument: ExpressibleByArgument {
    var target: RouteTarget

    init?(argument: String) {
        guard let eq = argument.firstIndex(of: "=") else { return nil }
        let name = String(argument[..<eq]), url = String(argument[argument.index(after: eq)...])
        let lower = url.lowercased()
        guard !name.isEmpty, lower.hasPrefix("ws://") || lower.hasPrefix("wss://") else { return nil }
        target = RouteTarget(backend: name, url: url)
    }
}
