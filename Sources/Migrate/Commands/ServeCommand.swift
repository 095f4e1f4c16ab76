import Application
import ArgumentParser
import Engine
import Foundation
import Logging
import Server
import ServiceLifecycle

/// `migrate serve`: the HTTP API, the dashboard, the watch loop, alerts, /metrics and /healthz (docs/api.md, docs/dashboard.md).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API, run the watch loop (evaluate every interval) and send alerts.",
        discussion: """
            Requests need `Authorization: Bearer TOKEN` (`migrate token create`); /healthz, /metrics and /openapi.json do not.
            The watch loop acts as --actor (default the login name); with several servers on one store, one evaluates at a time.
            SIGTERM or SIGINT: requests and the pass under way finish, then the server stops. See docs/api.md.
            The dashboard is at /dashboard: sign in with a token; the same roles apply (docs/dashboard.md).
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Where to listen, HOST:PORT (port 0: the system chooses).") var listen = HostPort(host: "127.0.0.1", port: 8080)
    @Option(name: .customLong("evaluate-every"), help: "How often the watch loop runs the automation pass; 0: no watch loop.")
    var evaluateEvery = DurationArgument(.seconds(60))
    @Option(name: .customLong("alert-webhook"), help: "Send alerts to this URL (Slack-compatible JSON body).") var alertWebhook: String?
    @Option(name: .customLong("alert-secret-env"), help: "Sign alerts with the secret in this environment variable (X-Migrate-Signature).")
    var alertSecretEnv: String?
    @Option(name: .customLong("prometheus-timeout"), help: "Seconds a Prometheus query may take before its gate is pending.")
    var prometheusTimeout: Double = 5

    func validate() throws {
        if evaluateEvery.duration < .zero { throw ValidationError("--evaluate-every must not be negative") }
        if let alertWebhook {
            guard let url = URL(string: alertWebhook), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw ValidationError("--alert-webhook '\(alertWebhook)' is not an http(s) URL")
            }
        }
        if !(prometheusTimeout > 0 && prometheusTimeout <= 600) { throw ValidationError("--prometheus-timeout must be between 0 and 600 seconds") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "migrate.serve")
        let context = try Context(global, quiet: true, prometheusTimeout: prometheusTimeout)
        var secret: String?
        if let name = alertSecretEnv {
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                throw ValidationError("--alert-secret-env \(name): the environment variable is not set")
            }
            secret = value
        }
        let configuration = ServerConfiguration(
            host: listen.host, port: listen.port, evaluateEvery: evaluateEvery.duration == .zero ? nil : evaluateEvery.duration,
            alertWebhook: alertWebhook.flatMap(URL.init(string:)), alertSecret: secret, person: context.invocation.actor)
        var server = ServerApplication(service: context.service, configuration: configuration,
                                       clock: context.invocation.simulated ? context.invocation : nil)
        server.add(Dashboard(server).endpoints)
        try await server.run(logger: logger) { port in
            FileHandle.standardOutput.write(Data("migrate serve: listening on http://\(listen.host):\(port)\n".utf8))
        }
    }
}
