import Engine
import Foundation
import Playbook

/// Sends `webhook` steps: one HTTP request, retried with back-off on connection errors,
/// timeouts, 5xx and 429; any other status below 200 or from 300 fails at once.
/// Redirects are not followed (a redirected POST could silently become a GET elsewhere).
/// If the surrounding task is cancelled, the request in flight is cancelled and no retry follows.
/// At most `outputLimit` bytes of a response body are read (`HTTPExchange`).
public final class WebhookPerformer: Sendable {
    /// Where `secret_env` names are looked up.
    public let environment: [String: String]
    public let backoff: Backoff

    /// How much of a response body the outcome keeps.
    public static let outputLimit = 4096

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, backoff: Backoff = .standard) {
        self.environment = environment
        self.backoff = backoff
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

        let exchange = HTTPExchange(method: request.method, url: request.url,
                                    headers: request.headers.map { (name: $0.name, value: $0.value) }, body: request.body)
        let maxAttempts = 1 + max(0, step.retries)
        var log: [String] = []
        var lastCause = ""
        var lastBody: (Data, Bool, Int?)?
        for attempt in 1...maxAttempts {
            let result = await exchange.send(timeout: .seconds(step.timeout.seconds), keep: Self.outputLimit)
            switch result {
            case let .response(status, body, truncated, announced) where (200..<300).contains(status):
                let after = attempt > 1 ? " after \(attempt) attempts" : ""
                return StepOutcome(succeeded: true, summary: "\(request.requestLine) → \(status)\(after)",
                                   output: Self.bodyText(body, truncated: truncated, announced: announced), attempts: attempt)
            case let .response(status, body, truncated, announced) where status == 429 || (500..<600).contains(status):
                lastCause = "→ \(status)"
                lastBody = (body, truncated, announced)
            case let .response(status, body, truncated, announced):
                let after = attempt > 1 ? " after \(attempt) attempts" : ""
                return StepOutcome(succeeded: false, summary: "\(request.requestLine) → \(status)\(after), not retried",
                                   output: Self.bodyText(body, truncated: truncated, announced: announced), attempts: attempt)
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
                           output: lastBody.flatMap { Self.bodyText($0.0, truncated: $0.1, announced: $0.2) } ?? log.joined(separator: "\n"), attempts: maxAttempts)
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

    /// The body as text (at most `outputLimit` bytes were read); nil when empty.
    static func bodyText(_ body: Data, truncated: Bool, announced: Int?) -> String? {
        guard !body.isEmpty else { return nil }
        let text = String(decoding: body, as: UTF8.self)
        guard truncated else { return text }
        return text + (announced.map { "\n[truncated: \($0) bytes in all]" } ?? "\n[truncated: more than \(outputLimit) bytes; the rest was not read]")
    }
}
