import Engine
import Foundation
import Hummingbird

/// JSON in and out, as the command line's `--json` writes it: snake_case keys sorted, ISO 8601 UTC times.
enum JSONBody {
    static func encode<T: Encodable>(_ value: T) throws -> ByteBuffer {
        let e = JournalCoding.encoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ByteBuffer(bytes: try e.encode(value))
    }

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        raw(try encode(value), status: status)
    }

    static func raw(_ body: ByteBuffer, status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// The request's JSON body as `T`; an empty body decodes from `{}`. Bad JSON is invalid input saying where.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int = 1 << 20) async throws -> T {
        let buffer = try await request.body.collect(upTo: limit)
        let data = buffer.readableBytes == 0 ? Data("{}".utf8) : Data(buffer.readableBytesView)
        do {
            return try JournalCoding.decoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw MigrateError.invalid("the request body: " + describe(error))
        } catch {
            throw MigrateError.invalid("the request body is not JSON: \(error)")
        }
    }

    /// The raw bytes of an upload, at most `limit`.
    static func bytes(of request: Request, limit: Int) async throws -> [UInt8] {
        Array(try await request.body.collect(upTo: limit).readableBytesView)
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String { keys.isEmpty ? "the top level" : keys.map(\.stringValue).joined(separator: ".") }
        switch error {
        case let .keyNotFound(key, context): return "\(path(context.codingPath + [key])) is missing"
        case let .typeMismatch(_, context): return "\(path(context.codingPath)): \(context.debugDescription)"
        case let .valueNotFound(_, context): return "\(path(context.codingPath)) is null"
        case let .dataCorrupted(context): return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
