@testable import Adapters
import Engine
import Foundation
import Playbook
import Testing

/// Against a real HTTP server on 127.0.0.1, started by each test.
@Suite struct WebhookPerformerTests {
    let secret = "s3cr3t-key"

    func performer(_ environment: [String: String] = [:]) -> WebhookPerformer {
        WebhookPerformer(environment: environment, backoff: Sample.fastBackoff)
    }

    @Test func sendsTheDefaultBodyWithHeadersAndSignature() async throws {
        let receiver = try await Receiver.start(secret: secret)
        let step = WebhookStep(url: receiver.url("/ops"), headers: [.init(name: "X-Team", value: "ops {{cohort}}")],
                               secretEnv: "HOOK_KEY")
        let outcome = await performer(["HOOK_KEY": secret]).perform(step, event: Sample.event(), stepIndex: 3)

        #expect(outcome.succeeded)
        #expect(outcome.summary == "POST \(receiver.url("/ops")) → 200")
        #expect(outcome.attempts == 1)
        #expect(outcome.output == #"{"ok": true, "n": 1}"#)

        let requests = try receiver.requests()
        try #require(requests.count == 1)
        let request = requests[0]
        #expect(request.method == "POST")
        #expect(request.path == "/ops")
        #expect(request.bodyText == """
            {"cohort":"eu-west-1","playbook":"move-to-nova","plan":"rollback","plan_run":"eu-west-1/rollback/42",\
            "phase":"rolling-back","from_phase":"canary","status":"rolling-back","reason":"error rate 3.1% > 2%",\
            "actor":"gate:error-rate","chargers_routed":["CP-001","CP-002"],"at":"2026-03-14T09:26:53Z","simulated":false}
            """)
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("User-Agent") == "migrate")
        #expect(request.header("X-Team") == "ops eu-west-1")
        #expect(request.header("Idempotency-Key") == "eu-west-1/rollback/42/3")
        #expect(request.header("Content-Length") == String(request.body.count))
        // The signature, checked against Python's hmac over the bytes the server received.
        let expected = try #require(request.hmac_sha256)
        #expect(request.header("X-Migrate-Signature") == "sha256=" + expected)
        #expect(request.headers(named: "X-Migrate-Signature").count == 1)
    }

    @Test func noSignatureWithoutSecretEnv() async throws {
        let receiver = try await Receiver.start()
        let outcome = await performer(["HOOK_KEY": secret]).perform(WebhookStep(url: receiver.url("/plain")), event: Sample.event(), stepIndex: 0)
        #expect(outcome.succeeded)
        let request = try #require(try receiver.requests().first)
        #expect(request.header("X-Migrate-Signature") == nil)
    }

    @Test func retriesOn500WithTheSameKeyBodyAndSignature() async throws {
        let receiver = try await Receiver.start(secret: secret)
        let step = WebhookStep(url: receiver.url("/fail/500/2/ops"), retries: 3, secretEnv: "HOOK_KEY")
        let outcome = await performer(["HOOK_KEY": secret]).perform(step, event: Sample.event(), stepIndex: 1)

        #expect(outcome.succeeded)
        #expect(outcome.attempts == 3)
        #expect(outcome.summary == "POST \(receiver.url("/fail/500/2/ops")) → 200 after 3 attempts")
        let requests = try receiver.requests()
        #expect(requests.count == 3)
        #expect(Set(requests.map { $0.header("Idempotency-Key") ?? "" }) == ["eu-west-1/rollback/42/1"])
        #expect(Set(requests.map(\.bodyText)).count == 1)
        for request in requests {
            #expect(request.header("X-Migrate-Signature") == "sha256=" + (request.hmac_sha256 ?? "?"))
        }
    }

    @Test func retriesOn429() async throws {
        let receiver = try await Receiver.start()
        let outcome = await performer().perform(WebhookStep(url: receiver.url("/fail/429/1/x"), retries: 1), event: Sample.event(), stepIndex: 0)
        #expect(outcome.succeeded)
        #expect(outcome.attempts == 2)
        #expect(try receiver.requests().count == 2)
    }

    @Test func failsWhenRetriesRunOut() async throws {
        let receiver = try await Receiver.start()
        let step = WebhookStep(url: receiver.url("/status/503/x"), retries: 2)
        let outcome = await performer().perform(step, event: Sample.event(), stepIndex: 0)
        #expect(!outcome.succeeded)
        #expect(outcome.attempts == 3)
        #expect(outcome.summary == "POST \(receiver.url("/status/503/x")) → 503 after 3 attempts")
        #expect(outcome.output == #"{"error": "as asked"}"#)
        #expect(try receiver.requests().count == 3)
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let receiver = try await Receiver.start()
        let step = WebhookStep(url: receiver.url("/status/400/x"), retries: 3)
        let outcome = await performer().perform(step, event: Sample.event(), stepIndex: 0)
        #expect(!outcome.succeeded)
        #expect(outcome.attempts == 1)
        #expect(outcome.summary == "POST \(receiver.url("/status/400/x")) → 400, not retried")
        #expect(try receiver.requests().count == 1)
    }

    @Test func retriesAfterATimeout() async throws {
        let receiver = try await Receiver.start()
        // The first request sleeps 3 s; the timeout is 1 s; the retry is answered at once.
        let step = WebhookStep(url: receiver.url("/sleep/3/1/x"), timeout: PlaybookDuration(seconds: 1), retries: 1)
        let outcome = await performer().perform(step, event: Sample.event(), stepIndex: 0)
        // Two attempts: had the first waited for its answer, it would have succeeded alone.
        #expect(outcome.succeeded)
        #expect(outcome.attempts == 2)
        #expect(outcome.summary.hasSuffix("→ 200 after 2 attempts"))
        #expect(try receiver.requests().count == 2)
    }

    @Test func timeoutsRunOutCleanly() async throws {
        let receiver = try await Receiver.start()
        let step = WebhookStep(url: receiver.url("/sleep/3/5/x"), timeout: PlaybookDuration(seconds: 1), retries: 0)
        let outcome = await performer().perform(step, event: Sample.event(), stepIndex: 0)
        #expect(!outcome.succeeded)
        #expect(outcome.summary == "POST \(receiver.url("/sleep/3/5/x")) failed after 1 attempt: timed out after 1s")
    }

    @Test func aDeadURLFailsCleanly() async throws {
        let receiver = try await Receiver.start()
        let url = receiver.url("/gone")
        receiver.stop()
        let step = WebhookStep(url: url, retries: 2)
        let outcome = await performer().perform(step, event: Sample.event(), stepIndex: 0)
        #expect(!outcome.succeeded)
        #expect(outcome.attempts == 3)
        #expect(outcome.summary == "POST \(url) failed after 3 attempts: cannot connect (connection refused)")
        #expect(outcome.output?.components(separatedBy: "\n").count == 3)
    }

    @Test func aMissingSecretSendsNothing() async throws {
        let receiver = try await Receiver.start()
        for environment in [[:], ["HOOK_KEY": ""]] {
            let step = WebhookStep(url: receiver.url("/ops"), secretEnv: "HOOK_KEY")
            let outcome = await performer(environment).perform(step, event: Sample.event(), stepIndex: 0)
            #expect(!outcome.succeeded)
            #expect(outcome.attempts == 0)
            #expect(outcome.summary == "POST \(receiver.url("/ops")): secret_env HOOK_KEY is not set in the environment; nothing sent")
        }
        #expect(try receiver.requests().isEmpty)
    }

    @Test func templatesAreEscapedWhereTheyLand() async throws {
        let receiver = try await Receiver.start()
        let reason = "said \"stop\"\r\nX-Injected: yes {{cohort}} ünïcødé ✓ & ?#/"
        let body: JSONValue = .object([
            (key: "text", value: .string("{{cohort}}: {{reason}}")),
            (key: "n", value: .number(2)),
        ])
        let step = WebhookStep(url: receiver.url("/hook/{{cohort}}?reason={{reason}}"), method: "put",
                               headers: [.init(name: "X-Reason", value: "{{reason}}")], body: body)
        let outcome = await performer().perform(step, event: Sample.event(reason: reason), stepIndex: 0)
        #expect(outcome.succeeded)

        let request = try #require(try receiver.requests().first)
        #expect(request.method == "PUT")
        #expect(request.path == "/hook/eu-west-1?reason=said%20%22stop%22%0D%0AX-Injected%3A%20yes%20%7B%7Bcohort%7D%7D%20%C3%BCn%C3%AFc%C3%B8d%C3%A9%20%E2%9C%93%20%26%20%3F%23%2F")
        #expect(request.utf8Header("X-Reason") == "said \"stop\"X-Injected: yes {{cohort}} ünïcødé ✓ & ?#/")
        #expect(request.header("X-Injected") == nil)
        let decoded = try JSONSerialization.jsonObject(with: request.body) as? [String: Any]
        #expect(decoded?["text"] as? String == "eu-west-1: " + reason)
        #expect(decoded?["n"] as? Int == 2)
    }

    @Test func anUnknownTemplateSendsNothing() async throws {
        let receiver = try await Receiver.start()
        let step = WebhookStep(url: receiver.url("/ops"), body: .object([(key: "x", value: .string("{{cohrt}}"))]))
        let outcome = await performer().perform(step, event: Sample.event(), stepIndex: 0)
        #expect(!outcome.succeeded)
        #expect(outcome.summary.contains("unknown template {{cohrt}}"))
        #expect(outcome.summary.hasSuffix("nothing sent"))
        #expect(try receiver.requests().isEmpty)
    }

    @Test func aLongResponseIsKeptTo4KiB() async throws {
        let receiver = try await Receiver.start()
        let outcome = await performer().perform(WebhookStep(url: receiver.url("/big/100000")), event: Sample.event(), stepIndex: 0)
        #expect(outcome.succeeded)
        let output = try #require(outcome.output)
        #expect(output.hasPrefix(String(repeating: "x", count: 4096) + "\n[truncated: 100000 bytes in all]"))
        #expect(output.utf8.count < 4200)
    }

    @Test func redirectsAreNotFollowed() async throws {
        let receiver = try await Receiver.start()
        let outcome = await performer().perform(WebhookStep(url: receiver.url("/redirect/x")), event: Sample.event(), stepIndex: 0)
        #expect(!outcome.succeeded)
        #expect(outcome.summary == "POST \(receiver.url("/redirect/x")) → 302, not retried")
        #expect(try receiver.requests().map(\.path) == ["/redirect/x"])
    }

    @Test func aLargeBodyArrivesWhole() async throws {
        let receiver = try await Receiver.start(secret: secret)
        let chargers = (1...2000).map { "CP-\($0)" }
        let event = Sample.event(chargersRouted: chargers)
        let outcome = await performer(["K": secret]).perform(WebhookStep(url: receiver.url("/ops"), secretEnv: "K"), event: event, stepIndex: 0)
        #expect(outcome.succeeded)
        let request = try #require(try receiver.requests().first)
        #expect(request.bodyText == WebhookRequest.defaultBody(event).jsonText)
        #expect(request.body.count > 16_000)
        #expect(request.header("X-Migrate-Signature") == "sha256=" + (request.hmac_sha256 ?? "?"))
    }

    @Test func cancellingStopsTheRequestAndTheRetries() async throws {
        let receiver = try await Receiver.start()
        let step = WebhookStep(url: receiver.url("/sleep/5/9/x"), timeout: PlaybookDuration(seconds: 30), retries: 5)
        let p = performer()
        let task = Task { await p.perform(step, event: Sample.event(), stepIndex: 0) }
        // Cancel while the request is in flight: once the receiver has it (it then sleeps 5 s before answering).
        for _ in 0..<200 where try receiver.requests().isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        #expect(try receiver.requests().count == 1)
        task.cancel()
        let outcome = await task.value
        #expect(!outcome.succeeded)
        #expect(outcome.summary == "POST \(receiver.url("/sleep/5/9/x")) cancelled after 1 attempt")
        #expect(outcome.attempts == 1)
    }

    @Test func reservedHeadersAndBadURLsAreRefused() async throws {
        let p = performer()
        let reserved = WebhookStep(url: "http://127.0.0.1:1/x", headers: [.init(name: "Idempotency-Key", value: "mine")])
        #expect(await p.perform(reserved, event: Sample.event(), stepIndex: 0).summary
            == "POST http://127.0.0.1:1/x: header Idempotency-Key is set by migrate, not by the playbook; nothing sent")
        let ftp = WebhookStep(url: "ftp://example.net/x")
        #expect(await p.perform(ftp, event: Sample.event(), stepIndex: 0).summary
            == "POST ftp://example.net/x: not an http(s) URL: ftp://example.net/x; nothing sent")
    }

    @Test func describeShowsTheRequestWithoutTheSecret() {
        let step = WebhookStep(url: "https://hooks.example.net/ops/{{cohort}}", headers: [.init(name: "X-Team", value: "ops")],
                               retries: 2, secretEnv: "HOOK_KEY")
        let text = performer(["HOOK_KEY": secret]).describe(step, event: Sample.event(), stepIndex: 4)
        #expect(text == """
            POST https://hooks.example.net/ops/eu-west-1
            Content-Type: application/json
            User-Agent: migrate
            X-Team: ops
            Idempotency-Key: eu-west-1/rollback/42/4
            X-Migrate-Signature: <hmac-sha256 of body with $HOOK_KEY>
            (timeout 10s per attempt, up to 3 attempts)

            \(WebhookRequest.defaultBody(Sample.event()).jsonText)
            """)
        #expect(!text.contains(secret))
        #expect(performer().describe(step, event: Sample.event(), stepIndex: 4).contains("($HOOK_KEY is not set: the step would fail)"))
    }
}
