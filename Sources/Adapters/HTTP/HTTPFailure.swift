import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

/// Why an HTTP exchange got no answer, in words a person on call understands.
enum HTTPFailure {
    static func describe(_ error: any Error) -> HTTPExchange.Outcome {
        switch error {
        case let e as HTTPClientError:
            switch e {
            case .connectTimeout, .readTimeout, .writeTimeout, .deadlineExceeded, .tlsHandshakeTimeout: return .timedOut
            case .remoteConnectionClosed: return .failed("the connection was closed before an HTTP answer came")
            case .cancelled: return .failed("cancelled")
            case .invalidURL, .emptyHost, .emptyScheme: return .failed("not a URL the client can send to")
            default: return .failed("HTTP client error: \(e)")
            }
        case let e as HTTPParserError:
            return .failed("the receiver did not answer in HTTP (\(e))")
        case let e as NIOConnectionError:
            if e.dnsAError != nil || e.dnsAAAAError != nil, e.connectionErrors.isEmpty { return .failed("cannot resolve host \(e.host)") }
            return .failed("cannot connect to \(e.host):\(e.port) (\(connectionCause(e)))")
        case let e as IOError:
            return .failed(e.errnoCode == ECONNREFUSED ? "cannot connect (connection refused)" : "network error: \(e)")
        case let e as ChannelError:
            if case .connectTimeout = e { return .timedOut }
            return .failed("connection failed: \(e)")
        default:
            let text = String(describing: error)
            if text.contains("SSL") || text.contains("TLS") || text.contains("handshake") { return .failed("TLS failed: \(text)") }
            return .failed("\(text)")
        }
    }

    private static func connectionCause(_ e: NIOConnectionError) -> String {
        guard let first = e.connectionErrors.first else { return "no address to connect to" }
        if let io = first.error as? IOError, io.errnoCode == ECONNREFUSED { return "connection refused" }
        return "\(first.error)"
    }
}
