import Engine
import Foundation
import Playbook
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends `webhook` steps: one HTTP request, retried with back-off on connection errors,
/// timeouts, 5xx and 429; any other status below 200 or from 300 fails at once.
/// Redirects are not followed (a redirected POST could silently become a GET elsewhere).
/// If the surrounding task is cancelled, the request in flight is cancelled and no retry follows.
public final class WebhookPerformer: Sendable {
    /// Where `secret_env` names are looked up.
    public let environment: [String: String]
    public let backoff: Backoff
    private let session: URLSession

    /// How much of a response body the outcome keeps.
    public static let outputLimit = 4096

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, backoff: Backoff = .standard) {
        self.environment = environment
        self.backoff = backoff
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        self.session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// Sends the request; `step.retries` more attempts after the first, `step.timeout` for each.
    public func perform(_ step: WebhookStep, event: PlanEvent, stepIndex: Int) async -> StepOutcome {
        var request: WebhookRequest
        do {
            request = try WebhookRequest(step: step, event: event, stepIndex: stepIndex)
        } catch {
            return StepOutcome(succeeded: false, summary: "\(step.method.uppercased()) \(step.url): \(error); nothing sent", attempts: 0)
        }
        if let name = step.secretEnv {
            guard let secret = environment[name], !secret.isEmpty else {
                return StepOutcome(succeeded: false,
                                   summary: "\(request.requestLine): secret_env \(name) is not set in the environment; nothing sent",
                                   attempts: 0)
            }
            request = request.signed(with: secret)
        }

        let urlRequest = Self.urlRequest(request, timeout: step.timeout)
        let maxAttempts = 1 + max(0, step.retries)
        var log: [String] = []
        var lastCause = ""
        var lastBody: Data?
        for attempt in 1...maxAttempts {
            let result = await send(urlRequest, timeout: .seconds(step.timeout.seconds))
            switch result {
            case let .response(status, body) where (200..<300).contains(status):
                let after = attempt > 1 ? " after \(attempt) attempts" : ""
                return StepOutcome(succeeded: true, summary: "\(request.requestLine) → \(status)\(after)",
                                   output: Self.bodyText(body), attempts: attempt)
            case let .response(status, body) where status == 429 || (500..<600).contains(status):
                lastCause = "→ \(status)"
                lastBody = body
            case let .response(status, body):
                let after = attempt > 1 ? " after \(attempt) attempts" : ""
                return StepOutcome(succeeded: false, summary: "\(request.requestLine) → \(status)\(after), not retried",
                                   output: Self.bodyText(body), attempts: attempt)
            case .timedOut:
                lastCause = "timed out after \(step.timeout)"
                lastBody = nil
            case let .failed(message):
                lastCause = message
                lastBody = nil
            }
            log.append("attempt \(attempt): \(lastCause)")
            if Task.isCancelled {
                return StepOutcome(succeeded: false, summary: "\(request.requestLine) cancelled after \(attempt) attempt\(attempt == 1 ? "" : "s")",
                                   output: log.joined(separator: "\n"), attempts: attempt)
            }
            if attempt < maxAttempts {
                try? await Task.sleep(for: backoff.delay(afterAttempt: attempt))
            }
        }
        let attempts = maxAttempts == 1 ? "1 attempt" : "\(maxAttempts) attempts"
        let summary = lastCause.hasPrefix("→")
            ? "\(request.requestLine) \(lastCause) after \(attempts)"
            : "\(request.requestLine) failed after \(attempts): \(lastCause)"
        return StepOutcome(succeeded: false, summary: summary,
                           output: lastBody.flatMap(Self.bodyText) ?? log.joined(separator: "\n"), attempts: maxAttempts)
    }

    /// The request as it would be sent, with the signature shown as `<hmac-sha256 of body with $NAME>`.
    public func describe(_ step: WebhookStep, event: PlanEvent, stepIndex: Int) -> String {
        let request: WebhookRequest
        do {
            request = try WebhookRequest(step: step, event: event, stepIndex: stepIndex)
        } catch {
            return "\(step.method.uppercased()) \(step.url)\n(cannot render: \(error); the step would fail)"
        }
        var lines = [request.requestLine]
        for header in request.headers { lines.append("\(header.name): \(header.value)") }
        if let name = step.secretEnv {
            var line = "\(WebhookSignature.headerName): <hmac-sha256 of body with $\(name)>"
            if (environment[name] ?? "").isEmpty { line += "  ($\(name) is not set: the step would fail)" }
            lines.append(line)
        }
        let attempts = 1 + max(0, step.retries)
        lines.append("(timeout \(step.timeout) per attempt, up to \(attempts) attempt\(attempts == 1 ? "" : "s"))")
        lines.append("")
        lines.append(String(decoding: request.body, as: UTF8.self))
        return lines.joined(separator: "\n")
    }

    // MARK: - One attempt

    enum AttemptResult: Sendable {
        case response(status: Int, body: Data)
        case timedOut
        case failed(String)
    }

    static func urlRequest(_ request: WebhookRequest, timeout: PlaybookDuration) -> URLRequest {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        // Our own deadline below is the real one; this is a backstop.
        urlRequest.timeoutInterval = timeout.timeInterval + 5
        urlRequest.httpShouldHandleCookies = false
        for header in request.headers { urlRequest.setValue(header.value, forHTTPHeaderField: header.name) }
        urlRequest.httpBody = request.body
        return urlRequest
    }

    private func send(_ request: URLRequest, timeout: Duration) async -> AttemptResult {
        let once = Once()
        let cancel = TaskBox()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
            let task = session.dataTask(with: request) { data, response, error in
                let result: AttemptResult
                if let http = response as? HTTPURLResponse {
                    result = .response(status: http.statusCode, body: data ?? Data())
                } else if let urlError = error as? URLError, urlError.code == .timedOut {
                    result = .timedOut
                } else {
                    result = .failed(error.map(Self.describe) ?? "no response")
                }
                if once.claim() { continuation.resume(returning: result) }
            }
            cancel.set {
                if once.claim() {
                    task.cancel()
                    continuation.resume(returning: .failed("cancelled"))
                }
            }
            task.resume()
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout.timeInterval) {
                if once.claim() {
                    task.cancel()
                    continuation.resume(returning: .timedOut)
                }
            }
            }
        } onCancel: {
            cancel.run()
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let urlError = error as? URLError else { return "\(error)" }
        switch urlError.code {
        case .cannotConnectToHost: return "cannot connect (connection refused)"
        case .cannotFindHost, .dnsLookupFailed: return "cannot resolve host"
        case .networkConnectionLost: return "connection lost"
        case .notConnectedToInternet: return "no network"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            return "TLS failed"
        case .badServerResponse: return "bad server response"
        case .timedOut: return "timed out"
        default: return "network error \(urlError.code.rawValue)"
        }
    }

    /// The body as text, at most `outputLimit` bytes; nil when empty.
    static func bodyText(_ body: Data) -> String? {
        guard !body.isEmpty else { return nil }
        guard body.count > outputLimit else { return String(decoding: body, as: UTF8.self) }
        return String(decoding: body.prefix(outputLimit), as: UTF8.self) + "\n[truncated: \(body.count) bytes in all]"
    }
}

/// Refuses redirects: the 3xx itself becomes the answer.
private final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

/// Holds the cancel action of a request once it exists; runs it at most once.
private final class TaskBox: @unchecked Sendable {
    private let lock = NSLock()
    private var action: (@Sendable () -> Void)?
    private var cancelled = false

    func set(_ action: @escaping @Sendable () -> Void) {
        lock.lock()
        if cancelled {
            lock.unlock()
            action()
            return
        }
        self.action = action
        lock.unlock()
    }

    func run() {
        lock.lock()
        cancelled = true
        let action = self.action
        self.action = nil
        lock.unlock()
        action?()
    }
}
