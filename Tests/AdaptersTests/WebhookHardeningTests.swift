@testable import Adapters
import Engine
import Foundation
import Playbook
import Testing

/// Issue 9, classes 5 and 12: a receiver streaming a huge body costs at most the 4 KiB kept; a receiver
/// that does not speak HTTP gets a clear error; both against a real server (Fixtures/webhook_receiver.py).
@Suite struct WebhookHardeningTests {
    let performer = WebhookPerformer(environment: [:], backoff: Backoff(base: .milliseconds(10), cap: .milliseconds(20)))

    @Test func aFourGigabyteBodyIsCutAfterWhatIsKept() async throws {
        let receiver = try await Receiver.start()
        let step = WebhookStep(url: receiver.url("/stream/4294967296/x"), timeout: PlaybookDuration(seconds: 60), retries: 0)
        let outcome = await performer.perform(step, event: Sample.event(), stepIndex: 0)
        #expect(outcome.succeeded, "\(outcome)")
        let output = try #require(outcome.output)
        #expect(output.hasPrefix(String(repeating: "y", count: 4096) + "\n[truncated: 4294967296 bytes in all]"), "\(output.suffix(80))")
        // The receiver notices the hang-up on its next write; give it a moment to log how far it got.
        var sent: [Int] = []
        for _ in 0..<100 where sent.isEmpty {
            try await Task.sleep(for: .milliseconds(50))
            sent = try receiver.streamedBytes()
        }
        let first = try #require(sent.first, "the receiver logged the stream's end")
        #expect(first < 64 << 20, "the connection was closed after a few socket buffers, not read to the end: \(first) bytes")
    }

    @Test func aReceiverThatDoesNotSpeakHTTPIsNamed() async throws {
        let receiver = try await Receiver.start()
        let step = WebhookStep(url: receiver.url("/garbage/x"), timeout: PlaybookDuration(seconds: 10), retries: 1)
        let outcome = await performer.perform(step, event: Sample.event(), stepIndex: 0)
        #expect(!outcome.succeeded)
        #expect(outcome.summary.contains("did not answer in HTTP") || outcome.summary.contains("closed before an HTTP answer"), "\(outcome.summary)")
        #expect(!outcome.summary.contains("error -1"), "\(outcome.summary)")
        #expect(outcome.attempts == 2)
    }

    @Test func theLongestTimeoutDoesNotTrap() async throws {
        let port = try SilentServer.unusedPort()
        let step = WebhookStep(url: "http://127.0.0.1:\(port)/x", timeout: ValueLimits.longestTimeout, retries: 0)
        let outcome = await performer.perform(step, event: Sample.event(), stepIndex: 0)
        #expect(!outcome.succeeded)
        #expect(outcome.summary.contains("connection refused"), "\(outcome.summary)")
    }
}
