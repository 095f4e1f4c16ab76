@testable import Playbook
import Testing

@Suite("Did you mean")
struct SuggestionTests {
    @Test(arguments: [
        ("gtaes", "gates"), ("metrc", "metric"), ("on-fail", "on_fail"), ("Phases", "phases"), ("rollbak", "rollback"),
        ("min_sample", "min_samples"), ("fleetwide", "fleet-wide"),
    ])
    func closeWordsAreSuggested(_ typo: String, _ meant: String) {
        let candidates = ["gates", "metric", "on_fail", "phases", "rollback", "min_samples", "fleet-wide", "pilot-specific", "scope"]
        #expect(Suggestion.closest(to: typo, in: candidates) == meant)
    }

    @Test func farWordsAreNot() {
        #expect(Suggestion.closest(to: "banana", in: ["gates", "phases"]) == nil)
        #expect(Suggestion.closest(to: String(repeating: "g", count: 100), in: ["gates"]) == nil)
    }

    @Test func swapsCountOnce() {
        #expect(Suggestion.distance("gtaes", "gates") == 1)
        #expect(Suggestion.distance("kitten", "sitting") == 3)
        #expect(Suggestion.distance("", "abc") == 3)
    }
}
