import Engine
import Hummingbird
import Logging

/// Turns every error a route throws into `application/problem+json` (Hummingbird's own errors, such as an unknown
/// path or a body too large, keep their status), and counts requests for /metrics.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let counters: ServerCounters

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            var problem = Problem(kind: .invalidInput, detail: "\(error)")
            problem.status = Int(error.status.code)
            problem.title = error.status.reasonPhrase
            problem.kind = error.status == .notFound ? "not-found" : "http"
            problem.type = "about:blank"
            if error.status == .notFound { problem.detail = "no route \(request.method.rawValue) \(request.uri.path); /openapi.json lists them" }
            response = problem.response
        } catch {
            let problem = Problem(error)
            if problem.status >= 500 {
                context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: error))"])
            }
            response = problem.response
        }
        counters.countRequest(method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: Int(response.status.code))
        return response
    }
}
