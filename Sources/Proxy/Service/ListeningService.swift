import ServiceLifecycle

/// A server that says which address it could not listen on when it fails (a port in use, say),
/// instead of NIO's bare `bind(...)` error.
struct ListeningService: Service {
    let base: any Service
    /// `--listen 0.0.0.0:8080 (chargers)`, for the message.
    let what: String

    func run() async throws {
        do {
            try await base.run()
        } catch let error as CancellationError {
            throw error
        } catch {
            throw ProxySetupError("cannot listen on \(what): \(error)")
        }
    }
}
