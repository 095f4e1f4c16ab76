import Engine
import Foundation
import Playbook

/// A webhook step rendered for one event: what goes on the wire, before the signature.
///
/// Built the same way for sending and for `--dry-run`, so the dry run shows exactly what would be sent.
public struct WebhookRequest: Sendable, Equatable {
    public var method: String
    public var url: URL
    /// In the order sent: `Content-Type`, `User-Agent`, the playbook's headers, `Idempotency-Key`.
    /// The signature header is added by `signed(with:)`.
    public var headers: [WebhookStep.Header]
    /// The exact bytes sent and signed.
    public var body: Data

    /// Headers migrate sets itself; a playbook may not set them.
    public static let reservedHeaders: Set<String> = ["idempotency-key", "x-migrate-signature", "content-length", "host"]

    /// Renders `step` for `event`: templates filled and escaped, the default body if the step has none.
    public init(step: WebhookStep, event: PlanEvent, stepIndex: Int) throws(WebhookRequestError) {
        let renderer = TemplateRenderer(event: event)
        do {
            let urlText = try renderer.render(step.url, for: .url)
            guard let url = URL(string: urlText), let scheme = url.scheme?.lowercased(),
                  scheme == "http" || scheme == "https", url.host != nil
            else { throw WebhookRequestError("not an http(s) URL: \(urlText)") }
            self.url = url

            let method = step.method.uppercased()
            guard !method.isEmpty, method.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
                throw WebhookRequestError("not an HTTP method: \(step.method)")
            }
            self.method = method

            let bodyJSON: JSONValue
            if let body = step.body { bodyJSON = try renderer.render(body) } else { bodyJSON = Self.defaultBody(event) }
            self.body = Data(bodyJSON.jsonText.utf8)

            var headers = [WebhookStep.Header(name: "Content-Type", value: "application/json"),
                           WebhookStep.Header(name: "User-Agent", value: "migrate")]
            for header in step.headers {
                let name = header.name
                guard Self.isToken(name) else { throw WebhookRequestError("not a header name: \(name)") }
                guard !Self.reservedHeaders.contains(name.lowercased()) else {
                    throw WebhookRequestError("header \(name) is set by migrate, not by the playbook")
                }
                let value = try renderer.render(header.value, for: .header)
                // A playbook header replaces a default of the same name (Content-Type, User-Agent).
                headers.removeAll { $0.name.lowercased() == name.lowercased() }
                headers.append(.init(name: name, value: value))
            }
            headers.append(.init(name: "Idempotency-Key", value: event.idempotencyKey(step: stepIndex)))
            self.headers = headers
        } catch let error as TemplateError {
            throw WebhookRequestError(error.description)
        } catch let error as WebhookRequestError {
            throw error
        } catch {
            throw WebhookRequestError("\(error)")
        }
    }

    /// The default body: the event, described.
    ///
    /// `{"cohort", "playbook", "plan", "plan_run", "phase", "from_phase", "status", "reason", "actor",
    /// "chargers_routed", "at", "simulated"}`, in that order; `at` in ISO 8601 UTC.
    public static func defaultBody(_ event: PlanEvent) -> JSONValue {
        .object([
            (key: "cohort", value: .string(event.cohort)),
            (key: "playbook", value: .string(event.playbook)),
            (key: "plan", value: .string(event.plan.rawValue)),
            (key: "plan_run", value: .string(event.planRun)),
            (key: "phase", value: .string(event.phase)),
            (key: "from_phase", value: .string(event.fromPhase)),
            (key: "status", value: .string(event.status)),
            (key: "reason", value: .string(event.reason)),
            (key: "actor", value: .string(event.actor)),
            (key: "chargers_routed", value: .array(event.chargersRouted.map(JSONValue.string))),
            (key: "at", value: .string(iso8601(event.at))),
            (key: "simulated", value: .bool(event.simulated)),
        ])
    }

    /// `2026-11-25T18:01:01Z`
    static func iso8601(_ date: Date) -> String {
        ISOTime.format(date)
    }

    /// This request with `X-Migrate-Signature: sha256=<hex HMAC-SHA256 of body>` added.
    public func signed(with secret: String) -> WebhookRequest {
        var copy = self
        copy.headers.append(.init(name: WebhookSignature.headerName, value: WebhookSignature.value(body: body, secret: secret)))
        return copy
    }

    /// `POST https://hooks.example.net/ops` (without any user:password in the URL).
    public var requestLine: String { "\(method) \(Self.displayURL(url))" }

    static func displayURL(_ url: URL) -> String {
        guard url.user != nil || url.password != nil,
              var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url.absoluteString }
        components.user = nil
        components.password = nil
        return components.url?.absoluteString ?? url.absoluteString
    }

    static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { u in
            u.isASCII && u.value > 0x20 && u.value < 0x7F && !"()<>@,;:\\\"/[]?={}".unicodeScalars.contains(u)
        }
    }
}

/// A webhook step cannot be rendered: an unknown template, a bad URL, a reserved header.
public struct WebhookRequestError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
