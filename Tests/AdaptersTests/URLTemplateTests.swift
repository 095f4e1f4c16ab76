@testable import Adapters
import Engine
import Foundation
import PropertyBased
import Testing

/// Issue 9, class 3: a template value can never add, remove or climb out of its URL path segment,
/// and lands escaped in the query and the fragment.
@Suite struct URLTemplateTests {
    func render(_ template: String, _ value: String) throws(TemplateError) -> String {
        try TemplateRenderer(values: ["reason": value, "cohort": "north"]).render(template, for: .url)
    }

    @Test(arguments: ["..", ".", "%2e%2e", "%2E.", ".%2e", "%2e", ""])
    func aDotOrEmptySegmentIsRefused(value: String) {
        #expect(throws: TemplateError.self) { try render("http://host/api/v1/cohorts/{{reason}}/events", value) }
    }

    @Test func theMessageSaysWhichValueAndWhy() {
        do {
            _ = try render("http://host/api/{{reason}}/events", "..")
            Issue.record("rendered")
        } catch {
            #expect(error.description == "the value of {{reason}} would make the URL path segment '..', which a receiver resolves out of its place in the path; nothing sent")
        }
    }

    @Test func dotsInsideASegmentOrOutsideThePathAreFine() throws {
        #expect(try render("http://host/a/{{reason}}.json", ".") == "http://host/a/..json")
        #expect(try render("http://host/a/x{{reason}}/b", "..") == "http://host/a/x../b")
        #expect(try render("http://host/a?r={{reason}}", "..") == "http://host/a?r=..")
        #expect(try render("http://host/a#{{reason}}", "..") == "http://host/a#..")
        #expect(try render("http://host/a/{{reason}}", "a/../../b") == "http://host/a/a%2F..%2F..%2Fb")
    }

    @Test func queryAndFragmentValuesCannotAddParameters() throws {
        #expect(try render("http://host/a?r={{reason}}&x=1#{{reason}}", "1&admin=true#frag")
            == "http://host/a?r=1%26admin%3Dtrue%23frag&x=1#1%26admin%3Dtrue%23frag")
    }

    static let hostile: [Character] = [".", "/", "\\", "%", "2", "e", "E", "?", "#", "&", "=", "+", ";", " ", "a", "\u{0}", "\n", "é", "%", "."]

    /// Whatever the value, the rendered URL's path has exactly the template's segments, each the template's
    /// literal text or the value (percent-encoded), and never `.`, `..` or empty where a value stood.
    @Test func randomValuesKeepThePathShape() async throws {
        let value = Gen.int(in: 0...(Self.hostile.count - 1)).array(of: 0...8).map { String($0.map { Self.hostile[$0] }) }
        await propertyCheck(count: 2_000, input: value) { value in
            let template = "http://host/api/{{reason}}/x/{{reason}}?q={{reason}}#{{reason}}"
            do {
                let rendered = try render(template, value)
                let url = try #require(URLComponents(string: rendered), "\(rendered)")
                let segments = url.percentEncodedPath.split(separator: "/", omittingEmptySubsequences: false)
                #expect(segments.count == 5, "\(value.debugDescription) → \(rendered)")
                #expect(segments[2] == segments[4] && segments[3] == "x", "\(rendered)")
                #expect(!segments[2].isEmpty && !["..", "."].contains(URLSegmentGuard.percentDecoded(String(segments[2]))), "\(rendered)")
                #expect(url.percentEncodedQuery?.components(separatedBy: "&").count == 1, "\(rendered)")
                #expect(url.percentEncodedQuery?.components(separatedBy: "=").count == 2, "\(rendered)")
                #expect(url.percentEncodedFragment.map { !$0.contains("#") } ?? false, "\(rendered)")
            } catch let error as TemplateError {
                let decoded = URLSegmentGuard.percentDecoded(value)
                #expect(decoded.isEmpty || decoded == "." || decoded == "..", "refused \(value.debugDescription): \(error)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
