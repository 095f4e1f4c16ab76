import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import WSClient

/// Opens upstream connections: the backend URL + "/" + the percent-encoded charger id, offering the
/// charger's subprotocols, with the credentials the backend's settings say, over TLS for wss://.
struct UpstreamConnector: Sendable {
    let backends: [String: BackendSettings]
    let defaultTLS: NIOSSLContext
    let tlsByBackend: [String: NIOSSLContext]
    let upgradeTimeout: Duration
    let settings: WebSocketSettings
    let logger: Logger

    /// Builds the TLS contexts up front, so that a bad CA file stops the proxy at start, not at the
    /// first charger.
    init(backends: [String: BackendSettings], upgradeTimeout: Duration, settings: WebSocketSettings, logger: Logger) throws {
        self.backends = backends
        self.upgradeTimeout = upgradeTimeout
        self.settings = settings
        self.logger = logger
        defaultTLS = try NIOSSLContext(configuration: .makeClientConfiguration())
        var contexts: [String: NIOSSLContext] = [:]
        for (backend, s) in backends {
            guard let ca = s.caFile else { continue }
            var configuration = TLSConfiguration.makeClientConfiguration()
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca))
                contexts[backend] = try NIOSSLContext(configuration: configuration)
            } catch {
                throw ProxySetupError("backend \(backend): cannot use the CA file \(ca): \(error)")
            }
        }
        tlsByBackend = contexts
    }

    /// Opens the upstream on `eventLoop` — the charger's, so that relaying stays on one thread.
    func open(_ target: RouteTarget, charger: String, offered: [String], authorization: String?,
              on eventLoop: any EventLoop) async throws -> UpstreamUpgrade {
        let urlText = ChargerPath.upstreamURL(base: target.url, chargerID: charger)
        guard let url = EndpointURL(urlText) else { throw ProxySetupError("backend \(target.backend) has the URL \(target.url), which is not ws:// or wss://") }
        var headers = HTTPHeaders()
        if !offered.isEmpty { headers.add(name: "Sec-WebSocket-Protocol", value: offered.joined(separator: ", ")) }
        if let credential = credentials(for: target.backend, charger: charger, passedThrough: authorization) {
            headers.add(name: "Authorization", value: credential)
        }
        let channel = UpstreamChannel(
            target: url.target, hostHeader: url.hostHeader, headers: headers,
            tls: url.secure ? (tlsByBackend[target.backend] ?? defaultTLS) : nil,
            serverHostname: url.hostIsAddress ? nil : url.host,
            settings: settings,
            upgradeTimeout: .nanoseconds(Int64(upgradeTimeout.components.seconds) * 1_000_000_000
                                         + upgradeTimeout.components.attoseconds / 1_000_000_000))
        let connection = ClientConnection(channel, address: .hostname(url.host, port: url.port),
                                          eventLoopGroup: eventLoop, logger: logger)
        return try await connection.run()
    }

    func credentials(for backend: String, charger: String, passedThrough: String?) -> String? {
        switch backends[backend]?.credentials ?? .passThrough {
        case .passThrough: passedThrough
        case .none: nil
        case let .password(password): Self.basic(charger, password)
        case let .passwords(table): table[charger].map { Self.basic(charger, $0) }
        }
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }
}

/// The proxy cannot start as configured.
public struct ProxySetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
