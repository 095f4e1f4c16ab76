import AsyncHTTPClient
import Foundation
import NIOCore

/// A browser-like client of the dashboard over real HTTP: keeps the cookies the server sets, posts forms, never
/// follows redirects (tests look at them).
final class DashboardClient: @unchecked Sendable {
    static let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    let port: Int
    var cookies: [String: String] = [:]
    /// Every Set-Cookie header seen, as sent.
    var setCookies: [String] = []

    init(port: Int) { self.port = port }

    struct Page {
        var status: Int
        var location: String?
        var body: String
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> Page {
        try await send("GET", path, form: nil, headers: headers)
    }

    func post(_ path: String, _ form: [String: String], headers: [(String, String)] = []) async throws -> Page {
        try await send("POST", path, form: form, headers: headers)
    }

    func send(_ method: String, _ path: String, form: [String: String]?, headers: [(String, String)]) async throws -> Page {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .init(rawValue: method)
        if !cookies.isEmpty { request.headers.add(name: "Cookie", value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await Self.http.execute(request, timeout: .seconds(60))
        for value in response.headers["Set-Cookie"] {
            setCookies.append(value)
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0]), v = pair.count > 1 ? String(pair[1]) : ""
            if v.isEmpty || value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = v }
        }
        let bytes = try await response.body.collect(upTo: 32 << 20)
        return Page(status: Int(response.status.code), location: response.headers["Location"].first, body: String(buffer: bytes))
    }

    /// The value of the first hidden `csrf` field on the page.
    static func csrf(in html: String) -> String? {
        guard let r = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(html[r.upperBound...].prefix { $0 != "\"" })
    }

    /// Signs in with `token` through the login form, as a browser does.
    func login(_ token: String) async throws -> Page {
        let form = try await get("/dashboard/login")
        return try await post("/dashboard/login", ["token": token, "csrf": Self.csrf(in: form.body) ?? "", "next": "/dashboard"])
    }
}
