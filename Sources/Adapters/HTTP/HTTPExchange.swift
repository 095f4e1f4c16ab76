import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP request and its answer, over async-http-client, with the rules every caller here wants:
/// a deadline for the whole exchange (connect, send, head and body), one connection attempt (a refused
/// connection is the answer; the webhook's own retries decide what next), no redirects followed (a 3xx
/// is the answer), no cookies, no decompression, and at most `keep` bytes of the body held in memory.
///
/// A body longer than `keep` is not read further: the connection is closed and the answer says it
/// was cut (`truncated`), so a receiver streaming gigabytes costs nothing but the bytes kept.
struct HTTPExchange: Sendable {
    var method: String
    var url: URL
    var headers: [(name: String, value: String)]
    var body: Data?

    /// How an exchange ended.
    enum Outcome: Sendable, Equatable {
        /// `announced`: the body's length as the `Content-Length` header gave it, when it did.
        case response(status: Int, body: Data, truncated: Bool, announced: Int?)
        case timedOut
        case failed(String)
    }

    /// Sends the request; gives up after `timeout` (the whole exchange) and keeps at most `keep` body bytes.
    func send(timeout: Duration, keep: Int) async -> Outcome {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: Self.amount(timeout), read: Self.amount(timeout))
        // A refused connection is this attempt's answer; the caller decides about retrying.
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let outcome = await withTaskGroup(of: Outcome.self) { group in
            group.addTask { await self.exchange(client, keep: keep) }
            group.addTask {
                do { try await Task.sleep(for: timeout) } catch { return .failed("cancelled") }
                return .timedOut
            }
            let first = await group.next() ?? .failed("cancelled")
            group.cancelAll()
            return first
        }
        try? await client.shutdown()
        return outcome
    }

    private func exchange(_ client: HTTPClient, keep: Int) async -> Outcome {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            // The deadline here is a backstop; `send` enforces the real one.
            let response = try await client.execute(request, deadline: .distantFuture)
            var kept = Data()
            var truncated = false
            for try await chunk in response.body {
                let room = keep - kept.count
                if chunk.readableBytes > room {
                    kept.append(contentsOf: chunk.readableBytesView.prefix(room))
                    truncated = true
                    break
                }
                kept.append(contentsOf: chunk.readableBytesView)
            }
            let announced = response.headers.first(name: "content-length").flatMap { Int($0) }
            return .response(status: Int(response.status.code), body: kept, truncated: truncated, announced: announced)
        } catch {
            if Task.isCancelled { return .failed("cancelled") }
            return HTTPFailure.describe(error)
        }
    }

    /// A `TimeAmount` for `duration`, whole milliseconds, at least one.
    static func amount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        let millis = seconds.multipliedReportingOverflow(by: 1_000)
        guard !millis.overflow else { return .hours(24 * 365) }
        return .milliseconds(max(1, millis.partialValue + attoseconds / 1_000_000_000_000_000))
    }
}
