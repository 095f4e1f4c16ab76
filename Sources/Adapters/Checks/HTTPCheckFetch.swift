import Foundation
import Gates
import Playbook

/// One HTTP request of a `check:` gate, through `HTTPExchange` (the client webhooks and Prometheus use): no
/// redirects followed, no cookies, one deadline for the whole exchange, and the body read up to
/// `CheckObservation.bodyLimit`: past it the connection is closed and the rest never held. Headers follow the
/// webhook's rules (`WebhookRequest`).
enum HTTPCheckFetch {
    static func observe(_ probe: HTTPProbe, timeout: PlaybookDuration, renderer: TemplateRenderer) async -> CheckObservation {
        let url: URL
        var headers: [WebhookStep.Header] = [.init(name: "User-Agent", value: "migrate"), .init(name: "Accept", value: "application/json")]
        do {
            let text = try renderer.render(probe.url, for: .url)
            guard let parsed = URL(string: text), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  parsed.host != nil else {
                return CheckObservation(outcome: .notStarted("not an http(s) URL: \(text)"), target: "\(probe.method) \(text)")
            }
            url = parsed
            for header in probe.headers {
                guard WebhookRequest.isToken(header.name), !WebhookRequest.reservedHeaders.contains(header.name.lowercased()) else {
                    return CheckObservation(outcome: .notStarted("header \(header.name) cannot be set by a playbook"),
                                            target: "\(probe.method) \(WebhookRequest.displayURL(parsed))")
                }
                headers.removeAll { $0.name.lowercased() == header.name.lowercased() }
                headers.append(.init(name: header.name, value: try renderer.render(header.value, for: .header)))
            }
        } catch {
            return CheckObservation(outcome: .notStarted("\(error)"), target: "\(probe.method) \(probe.url)")
        }
        let target = "\(probe.method) \(WebhookRequest.displayURL(url))"
        let exchange = HTTPExchange(method: probe.method, url: url, headers: headers.map { (name: $0.name, value: $0.value) }, body: nil)
        let started = ContinuousClock.now
        let outcome = await exchange.send(timeout: .seconds(timeout.seconds), keep: CheckObservation.bodyLimit)
        let took = ContinuousClock.now - started
        let elapsed = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
        switch outcome {
        case let .response(status, body, truncated, announced):
            return CheckObservation(outcome: .answered(status: status), target: target, body: body, bodyComplete: !truncated,
                                    excerpt: CheckObservation.excerpt(of: body, total: announced ?? body.count, complete: !truncated || announced != nil),
                                    elapsed: elapsed)
        case .timedOut:
            return CheckObservation(outcome: .timedOut, target: target, elapsed: elapsed)
        case let .failed(why):
            return CheckObservation(outcome: .unreachable(why), target: target, elapsed: elapsed)
        }
    }
}
