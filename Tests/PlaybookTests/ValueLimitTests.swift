import Foundation
@testable import Playbook
import PropertyBased
import Testing

/// Issue 9, classes 1 and 9: every number has a documented range and every name a character set;
/// validation says so at FILE:LINE:COLUMN, and the JSON Schema states the same ranges.
@Suite("Value limits")
struct ValueLimitTests {
    static func playbook(phase: String = "pilot", soak: String = "1d", window: String = "7d", wait: String = "5m",
                         timeout: String = "10s", runTimeout: String = "5m", retries: String = "3", minSamples: String = "10",
                         maxOpen: String = "0", threshold: String = "0.97", role: String = "operations") -> String {
        """
        playbook: limits
        version: 1
        backends:
          legacy: ws://legacy.example.net/ocpp
          target: ws://target.example.net/ocpp
        from: legacy
        to: target
        metrics:
          success:
            ratio: [session.started, session.attempted]
        phases:
          - name: "\(phase)"
            scope: all
            soak: \(soak)
            gates:
              - metric: success
                at_least: \(threshold)
                window: \(window)
                min_samples: \(minSamples)
              - issues: { max_open: \(maxOpen) }
              - approvals: { roles: ["\(role)"] }
        plans:
          pause:
            - wait: \(wait)
            - webhook: { url: "http://hooks.example.net/x", timeout: \(timeout), retries: \(retries) }
            - run: { command: [true], timeout: \(runTimeout) }
          rollback:
            - route: legacy

        """
    }

    func errors(_ text: String) -> [String] {
        PlaybookLoader.load(text: text, file: "t.yaml").errors.map(\.description)
    }

    @Test func theDefaultsAreValid() {
        #expect(errors(Self.playbook()) == [])
    }

    @Test(arguments: [
        (Self.playbook(soak: "9223372036854775807s"), "t.yaml:14:11: error: 'soak' of phase 'pilot' '9223372036854775807s' is too long; at most 3650d"),
        (Self.playbook(soak: "3651d"), "t.yaml:14:11: error: 'soak' of phase 'pilot' '3651d' is too long"),
        (Self.playbook(window: "522w"), "t.yaml:18:17: error: 'window' of the gate on 'success' '522w' is too long"),
        (Self.playbook(wait: "1000000w"), "t.yaml:24:13: error: 'wait' in the pause plan '1000000w' is too long"),
        (Self.playbook(timeout: "10000000000000000s"), "t.yaml:25:62: error: 'timeout' of the webhook in the pause plan '10000000000000000s' is too long; at most 1d"),
        (Self.playbook(runTimeout: "25h"), "t.yaml:26:40: error: 'timeout' of the run step in the pause plan '25h' is too long; at most 1d"),
        (Self.playbook(retries: "101"), "t.yaml:25:76: error: 'retries' of the webhook in the pause plan must be between 0 and 100; found 101"),
        (Self.playbook(minSamples: "1000000001"), "t.yaml:19:22: error: 'min_samples' of the gate on 'success' must be between 1 and 1000000000"),
        (Self.playbook(maxOpen: "99999999999999999999"), "t.yaml:20:29: error: 'max_open' of the issues gate of phase 'pilot' '99999999999999999999' is too large"),
        (Self.playbook(threshold: "1e300"), "t.yaml:17:19: error: 'at_least' of the gate on 'success' is 1e300; numbers must be between -1e15 and 1e15"),
    ])
    func numbersPastTheirRangeAreRefused(text: String, expected: String) {
        let found = errors(text)
        #expect(found.contains { $0.hasPrefix(expected) }, "\(found)")
    }

    @Test func theLargestValuesAreAccepted() {
        #expect(errors(Self.playbook(soak: "3650d", window: "521w", wait: "315360000s", timeout: "86400s", runTimeout: "1440m",
                                     retries: "100", minSamples: "1000000000", maxOpen: "1000000000", threshold: "1")) == [])
    }

    @Test(arguments: [
        (Self.playbook(phase: "pi\\nlot"), "t.yaml:12:11: error: the name of phase 'pi\\nlot' contains a line break (U+000A)"),
        (Self.playbook(phase: "pilot\\e[31m"), "contains a control character (U+001B)"),
        (Self.playbook(role: "ops\\u202E"), "contains a bidirectional control (U+202E)"),
        (Self.playbook(phase: String(repeating: "p", count: 101)), "is 101 characters long; at most 100 are allowed"),
    ])
    func namesWithControlCharactersAreRefused(text: String, expected: String) {
        let found = errors(text)
        #expect(found.contains { $0.contains(expected) }, "\(found)")
        #expect(found.allSatisfy { !$0.contains("\n") && !$0.contains("\u{1B}") }, "messages stay one printable line: \(found)")
    }

    /// The schema's duration pattern accepts exactly what the validator accepts.
    @Test func theSchemaDurationPatternAgreesWithTheValidator() async throws {
        let pattern = try Regex(SchemaPatterns.duration(longest: ValueLimits.longestDuration, positive: true)
            .replacingOccurrences(of: "\\\\", with: "\\"))
        let units = ["s", "m", "h", "d", "w"]
        let numbers = Gen<Int>.oneOf(Gen.int(in: 0...600), Gen.int(in: 0...400_000_000), Gen.int(in: 3_640...3_660), Gen.int(in: 515...525))
        await propertyCheck(count: 500, input: zip(numbers, Gen.int(in: 0...4), Gen.int(in: 0...2))) { number, unit, zeros in
            let text = String(repeating: "0", count: zeros) + "\(number)" + units[unit]
            let accepted = errors(Self.playbook(soak: "1d", wait: text)).isEmpty
            let matches = (try? pattern.wholeMatch(in: text)) != nil
            #expect(accepted == matches, "\(text): validator \(accepted), schema \(matches)")
        }
    }

    @Test func upToPatternsMatchExactlyTheirRange() throws {
        for n: Int64 in [0, 1, 7, 9, 10, 59, 100, 521, 3_650, 86_400, 315_360_000] {
            let r = try Regex("^(?:" + SchemaPatterns.upTo(n, positive: false) + ")$")
            for k in Set([0, 1, n / 2, n - 1, n, n + 1, n * 10]) where k >= 0 {
                #expect(((try? r.wholeMatch(in: String(k))) != nil) == (k <= n), "\(k) within 0...\(n)")
            }
        }
    }
}
