import Application
import Engine
import Foundation
import Hummingbird

/// An RFC 9457 problem document (`application/problem+json`): type, title, status, detail, and `kind`
/// (the application's error kind); a refusal adds the transition with its gate evidence.
struct Problem: Encodable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var kind: String
    var transition: TransitionView?
    var entry: Int64?

    init(kind: ErrorKind, detail: String, transition: TransitionView? = nil, entry: Int64? = nil) {
        self.type = "https://migrate.invalid/problems/\(kind.rawValue)"
        self.title = ProblemMapping.title(for: kind)
        self.status = Int(ProblemMapping.status(for: kind).code)
        self.detail = detail
        self.kind = kind.rawValue
        self.transition = transition
        self.entry = entry
    }

    /// The problem an error is: a kinded error by its kind, anything else as an internal error (500) without details.
    init(_ error: any Error) {
        if let refused = error as? RefusedTransition {
            self.init(kind: .refused, detail: refused.refusal.description, transition: refused.view, entry: refused.refusal.entry)
        } else if let forbidden = error as? ForbiddenError {
            self.init(kind: .forbidden, detail: forbidden.description, entry: forbidden.entry)
        } else if let kinded = error as? any KindedError {
            self.init(kind: kinded.kind, detail: kinded.description)
        } else {
            self.init(kind: .unavailable, detail: "the server failed unexpectedly; its log says more")
            type = "about:blank"
            title = "Internal Server Error"
            status = 500
            kind = "internal"
        }
    }

    var response: Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == 401 { headers[.wwwAuthenticate] = "Bearer realm=\"migrate\"" }
        let body = (try? JSONBody.encode(self)) ?? ByteBuffer(string: "{}")
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: body))
    }
}

/// A state-machine command the application refused: rendered as a 409 problem with the transition and evidence.
struct RefusedTransition: Error {
    var refusal: RefusalError
    var view: TransitionView
}
