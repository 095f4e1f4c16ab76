import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization

/// The OCPP-J routing proxy, assembled: chargers' server, operations server, routing table follower,
/// switchboard, recorder.
///
/// `prepare()` does everything that can fail before anything listens (state file, log directory, the
/// first read of the routing table); `services` are then run in one `ServiceGroup`, in that order, so
/// that on SIGTERM the proxy first stops admitting and closes every charger with 1012, then the servers
/// stop.
public final class OCPPProxy: Sendable {
    let configuration: ProxyConfiguration
    let logger: Logger
    let context: ProxyContext
    let routes: RouteBook
    let follower: RouteFollower
    let switchboard: Switchboard
    let core: ProxyCore
    let state: StateFile?
    let listening = Mutex<(chargers: String?, operations: String?)>((nil, nil))
    let onListening: @Sendable (ListeningAddresses) -> Void
    /// More Prometheus series for `/metrics`, from what runs beside the proxy (the evidence import).
    let moreMetrics = Mutex<[@Sendable () -> String]>([])

    public init(configuration: ProxyConfiguration, feed: any RouteFeed, logger: Logger,
                onListening: @escaping @Sendable (ListeningAddresses) -> Void = { _ in }) throws {
        self.configuration = configuration
        self.logger = logger
        self.onListening = onListening
        let metrics = ProxyMetrics()
        let recorder = FrameRecorder(directory: configuration.logDirectory, maxFileBytes: configuration.logFileBytes,
                                     bufferBytes: configuration.logQueueBytes, logger: logger)
        state = configuration.stateFile.map(StateFile.init(path:))
        let registry = SessionRegistry(memories: try state?.load() ?? [:])
        let connector = try UpstreamConnector(backends: configuration.backends, upgradeTimeout: configuration.connectTimeout,
                                              settings: configuration.backendSide, logger: logger)
        context = ProxyContext(recorder: recorder, metrics: metrics, registry: registry, connector: connector,
                               chargerSettings: configuration.chargerSide, backendSettings: configuration.backendSide, logger: logger)
        routes = RouteBook(unroutedTarget: configuration.unroutedTarget)
        let switchboard = Switchboard(settings: configuration.switching, registry: registry, routes: routes, recorder: recorder,
                                      metrics: metrics, logger: logger)
        self.switchboard = switchboard
        follower = RouteFollower(feed: feed, book: routes, metrics: metrics, logger: logger) { switchboard.routesChanged($0) }
        context.events = switchboard
        core = ProxyCore(context: context, routes: routes, pathPrefix: configuration.pathPrefix,
                         assumedSubprotocol: configuration.assumedSubprotocol)
    }

    /// Starts the recorder and reads the routing table; throws, saying what, when either fails.
    public func prepare() async throws {
        try context.recorder.start()
        do {
            try await follower.load()
        } catch {
            await context.recorder.stop()
            throw ProxySetupError("cannot read the routing table: \(error)")
        }
    }

    /// The services to run, in `ServiceGroup` order.
    public func services() throws -> [any Service] {
        let chargerChannel = ChargerChannel(admitter: core, settings: configuration.chargerSide)
        let group = MultiThreadedEventLoopGroup.singleton
        let chargerServer: any Service
        let scheme: String
        if let certificate = configuration.tlsCertificateFile, let key = configuration.tlsKeyFile {
            let tls: TLSConfiguration
            do {
                tls = TLSConfiguration.makeServerConfiguration(
                    certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
                    privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            } catch {
                throw ProxySetupError("cannot use --tls-cert \(certificate) / --tls-key \(key): \(error)")
            }
            scheme = "wss"
            chargerServer = try TLSChannel(chargerChannel, tlsConfiguration: tls)
                .server(configuration: .init(address: .hostname(configuration.listenHost, port: configuration.listenPort), backlog: 4096),
                        onServerRunning: { [self] in self.bound(chargers: "\(scheme)://\(Self.address($0))\(ChargerPath.normalized(configuration.pathPrefix))/{id}") },
                        eventLoopGroup: group, logger: logger)
        } else {
            scheme = "ws"
            chargerServer = chargerChannel
                .server(configuration: .init(address: .hostname(configuration.listenHost, port: configuration.listenPort), backlog: 4096),
                        onServerRunning: { [self] in self.bound(chargers: "\(scheme)://\(Self.address($0))\(ChargerPath.normalized(configuration.pathPrefix))/{id}") },
                        eventLoopGroup: group, logger: logger)
        }
        let endpoint = OperationsEndpoint(health: { [self] in self.health() }, metrics: { [self] in self.renderMetrics() })
        let operationsServer = endpoint.channel
            .server(configuration: .init(address: .hostname(configuration.operationsHost, port: configuration.operationsPort)),
                    onServerRunning: { [self] in self.bound(operations: "http://\(Self.address($0))") },
                    eventLoopGroup: group, logger: logger)
        return [ListeningService(base: operationsServer, what: "\(configuration.operationsHost):\(configuration.operationsPort) (operations)"),
                ListeningService(base: chargerServer, what: "\(configuration.listenHost):\(configuration.listenPort) (chargers)"),
                ProxyRunner(proxy: self)]
    }

    private func bound(chargers: String? = nil, operations: String? = nil) {
        let both: ListeningAddresses? = listening.withLock { l in
            if let chargers { l.chargers = chargers }
            if let operations { l.operations = operations }
            guard let c = l.chargers, let o = l.operations else { return nil }
            return ListeningAddresses(chargers: c, operations: o)
        }
        if let both { onListening(both) }
    }

    static func address(_ channel: any Channel) -> String {
        guard let address = channel.localAddress else { return "?" }
        let ip = address.ipAddress ?? "?"
        let host = ip.contains(":") ? "[\(ip)]" : ip
        return "\(host):\(address.port ?? 0)"
    }
}
