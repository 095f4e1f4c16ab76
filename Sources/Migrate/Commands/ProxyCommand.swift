import ArgumentParser
import Foundation
import Logging
import Proxy
import ServiceLifecycle
import UnixSignals

/// `migrate proxy`: the OCPP-J routing proxy that follows the routing table.
struct ProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "The OCPP-J routing proxy: chargers connect to it, it relays each to the backend the routing table names.",
        discussion: """
            Chargers connect to ws://HOST:PORT/ocpp/{id} (wss:// with --tls-cert and --tls-key). Each is relayed, frames \
            unchanged, to its backend's URL + "/" + its id, offering the charger's subprotocols and credentials. A route \
            change committed by advance, rollback or a plan step reaches the proxy within a second; connected chargers \
            are then moved (closed with 1012 when idle, in batches) and their transactions' later messages still go to \
            the backend that started them. Every frame and connection event is recorded in --log DIR (frames-*.jsonl, \
            OCPP.md's format) with every switch (switches-*.jsonl), and their KPIs (route.switch.* included) are \
            imported into the store every --import-every (evidence for gates; routes are never written). GET /healthz and /metrics are on --operations. \
            SIGTERM closes every charger with 1012 and stops. The proxy reads routes, never writes them. \
            See docs/proxy.md.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Where chargers connect.", valueName: "host:port"))
    var listen = HostPort(host: "0.0.0.0", port: 8080)

    @Option(help: ArgumentHelp("The path before the charger id.", valueName: "path"))
    var pathPrefix = "/ocpp"

    @Option(help: ArgumentHelp("PEM certificate chain for wss:// (OCPP security profile 2); needs --tls-key.", valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("PEM private key of --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @Option(help: ArgumentHelp("Where GET /healthz and GET /metrics are served.", valueName: "host:port"))
    var operations = HostPort(host: "127.0.0.1", port: 9180)

    @Option(help: ArgumentHelp("Directory of the frame and switch logs (created when missing).", valueName: "dir"))
    var log = "./proxy-log"

    @Flag(help: "Record nothing (no frame or switch log, no state file unless --state).")
    var noLog = false

    @Option(help: ArgumentHelp("Import the KPIs of the frame and switch logs into the store this often, as `ocpp import` does (0: never; needs a log).", valueName: "duration"))
    var importEvery = DurationArgument(.seconds(60))

    @Option(help: ArgumentHelp("Start a new frame log file past this size (and at each UTC midnight).", valueName: "size"))
    var logFileSize = ByteSize(256 << 20)

    @Option(help: ArgumentHelp("Records queued for the disk at most; past it they are dropped and counted (relaying never waits for the disk).", valueName: "size"))
    var logQueue = ByteSize(64 << 20)

    @Option(help: ArgumentHelp("What the proxy remembers of chargers across restarts (default: proxy-state.json in the log directory).", valueName: "file"))
    var state: String?

    @Option(help: ArgumentHelp("YAML file of per-backend credentials and CA files (see docs/proxy.md).", valueName: "file"))
    var backends: String?

    @Option(help: ArgumentHelp("Where fleet chargers in no cohort go (default: refused).", valueName: "name=url"))
    var unroutedBackend: BackendArgument?

    @Option(help: ArgumentHelp("How long a switch waits for the charger to be idle (no transaction, no CALL in flight).", valueName: "duration"))
    var idleWait = DurationArgument(.seconds(600))

    @Option(help: ArgumentHelp("After --idle-wait, how long it still waits for no CALL in flight before closing regardless.", valueName: "duration"))
    var forceGrace = DurationArgument(.seconds(30))

    @Option(help: ArgumentHelp("How long a moved charger has to be back and answered on its new backend before the switch fails.", valueName: "duration"))
    var returnTimeout = DurationArgument(.seconds(600))

    @Option(help: ArgumentHelp("At most this many chargers closed for a switch per --batch-interval.", valueName: "n"))
    var batch = 20

    @Option(help: ArgumentHelp("The batch window.", valueName: "duration"))
    var batchInterval = DurationArgument(.seconds(10))

    @Option(help: ArgumentHelp("WebSocket ping to chargers this often (0: never); a missing pong drops the connection.", valueName: "duration"))
    var pingInterval = DurationArgument(.seconds(60))

    @Option(help: ArgumentHelp("WebSocket ping to backends this often (0: never).", valueName: "duration"))
    var backendPingInterval = DurationArgument(.seconds(60))

    @Option(help: ArgumentHelp("How long opening an upstream (TCP, TLS, upgrade) may take.", valueName: "duration"))
    var connectTimeout = DurationArgument(.seconds(10))

    @Option(help: ArgumentHelp("Largest OCPP message accepted either way; larger ones close the connection with 1009.", valueName: "size"))
    var maxMessage = ByteSize(1 << 20)

    @Option(help: ArgumentHelp("The subprotocol recorded for a charger that offers none.", valueName: "name"))
    var assumeSubprotocol = "ocpp1.6"

    @Option(help: ArgumentHelp("On SIGTERM, how long chargers get to close after their 1012.", valueName: "duration"))
    var drainTimeout = DurationArgument(.seconds(10))

    @Option(help: ArgumentHelp("How often the store's journal head is read for route changes (on PostgreSQL a fallback: LISTEN/NOTIFY tells the proxy at once).", valueName: "duration"))
    var pollInterval = DurationArgument(.milliseconds(250))

    @Option(help: ArgumentHelp("Log lines on standard error: text or json.", valueName: "format"))
    var logFormat: LogFormat = .text

    @Option(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: LogLevel = .info

    enum LogFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    struct LogLevel: ExpressibleByArgument {
        var level: Logger.Level
        init(_ level: Logger.Level) { self.level = level }
        init?(argument: String) {
            guard let level = Logger.Level(rawValue: argument) else { return nil }
            self.level = level
        }
        var defaultValueDescription: String { level.rawValue }
        static let info = LogLevel(.info)
    }

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if batch < 1 { throw ValidationError("--batch must be at least 1") }
        if batchInterval.duration <= .zero { throw ValidationError("--batch-interval must be longer than 0") }
        if pollInterval.duration <= .zero { throw ValidationError("--poll-interval must be longer than 0") }
        if connectTimeout.duration <= .zero { throw ValidationError("--connect-timeout must be longer than 0") }
        if !Proxy.Subprotocols.known.contains(assumeSubprotocol) { throw ValidationError("--assume-subprotocol must be ocpp1.6 or ocpp2.0.1") }
    }

    func run() async throws {
        let configuration = try proxyConfiguration()
        let format = logFormat, level = logLevel.level
        LoggingSystem.bootstrap { label in
            switch format {
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        let logger = Logger(label: "migrate.proxy")
        let files = OpenFileLimit.raise()
        logger.info("open file limit", metadata: ["files": "\(files)", "chargers_at_most": "\(files / 2)"])
        let service = try Context(global, quiet: true).service
        let feed = JournalRouteFeed(service: service, pollInterval: pollInterval.duration)
        let proxy = try OCPPProxy(configuration: configuration, feed: feed, logger: logger) { addresses in
            let line = "migrate proxy: chargers connect to \(addresses.chargers); /healthz and /metrics on \(addresses.operations)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        try await proxy.prepare()
        let group = ServiceGroup(configuration: .init(services: try proxy.services(), gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: logger))
        // Evidence, not routes: the KPIs of what the proxy recorded, into the store every --import-every.
        let invocation = try global.invocation()
        let evidence = configuration.logDirectory.flatMap { directory in
            importEvery.duration == .zero ? nil
                : ProxyEvidenceImport(directory: directory, every: importEvery.duration, service: service, invocation: invocation, logger: logger)
        }
        if let evidence { proxy.addMetrics { evidence.renderMetrics() } }
        let importing = Task { await evidence?.run() }
        defer { importing.cancel() }
        try await group.run()
        importing.cancel()
        await importing.value
        await evidence?.importNow()
    }
}
