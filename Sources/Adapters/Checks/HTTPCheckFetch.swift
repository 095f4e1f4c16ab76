import Foundation
import Gates
import Playbook
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP request of a `check:` gate: no redirects followed, no cookies or cache, our own deadline, and the body
/// read with a cap (`CheckObservation.bodyLimit`): past it the transfer is cancelled and the rest never held.
///
/// The same URLSession handling as `WebhookPerformer` (its error texts, its header rules); when Adapters moves to
/// another HTTP client, this file moves with it.
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
        var request = URLRequest(url: url)
        request.httpMethod = probe.method
        request.timeoutInterval = timeout.timeInterval + 5 // our own deadline below is the real one
        request.httpShouldHandleCookies = false
        for header in headers { request.setValue(header.value, forHTTPHeaderField: header.name) }
        let started = ContinuousClock.now
        let reader = CappedReader(limit: CheckObservation.bodyLimit)
        let result = await reader.fetch(request, timeout: timeout.timeInterval)
        let took = ContinuousClock.now - started
        let elapsed = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
        switch result {
        case let .answered(status, body, total, complete):
            return CheckObservation(outcome: .answered(status: status), target: target, body: body, bodyComplete: complete,
                                    excerpt: CheckObservation.excerpt(of: body, total: total, complete: complete), elapsed: elapsed)
        case .timedOut:
            return CheckObservation(outcome: .timedOut, target: target, elapsed: elapsed)
        case let .failed(why):
            return CheckObservation(outcome: .unreachable(why), target: target, elapsed: elapsed)
        }
    }
}

/// Reads one response through a session of its own, keeping at most `limit` bytes of the body.
private final class CappedReader: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    enum Result {
        case answered(status: Int, body: Data, total: Int, complete: Bool)
        case timedOut
        case failed(String)
    }

    let limit: Int
    private let lock = NSLock()
    private var status: Int?
    private var body = Data()
    private var total = 0
    private var cut = false
    private var finish: ((Result) -> Void)?

    init(limit: Int) { self.limit = limit }

    func fetch(_ request: URLRequest, timeout: TimeInterval) async -> Result {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        let session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        let once = Once()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
            let task = session.dataTask(with: request)
            lock.lock()
            finish = { result in if once.claim() { continuation.resume(returning: result) } }
            lock.unlock()
            task.resume()
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [self] in
                complete(.timedOut)
                task.cancel()
            }
        }
    }

    private func complete(_ result: Result) {
        lock.lock()
        let finish = self.finish
        lock.unlock()
        finish?(result)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        lock.lock()
        status = (response as? HTTPURLResponse)?.statusCode
        lock.unlock()
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.lock()
        total += data.count
        if body.count < limit { body.append(data.prefix(limit - body.count)) }
        let over = total > limit && !cut
        if over { cut = true }
        let answer: Result? = over ? .answered(status: status ?? 0, body: body, total: total, complete: false) : nil
        lock.unlock()
        if let answer {
            complete(answer)
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        lock.lock()
        let result: Result
        if let status, error == nil || cut {
            result = .answered(status: status, body: body, total: total, complete: !cut)
        } else if let urlError = error as? URLError, urlError.code == .timedOut {
            result = .timedOut
        } else {
            result = .failed(error.map(WebhookPerformer.describe) ?? "no response")
        }
        lock.unlock()
        complete(result)
    }

    /// Redirects are answers, not followed.
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
