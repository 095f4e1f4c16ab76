@testable import Adapters
import Engine
import Foundation
import Playbook
import Testing

@Suite struct TemplateRendererTests {
    let renderer = TemplateRenderer(event: Sample.event(reason: "say \"hi\"\nnext {{cohort}} ünï ✓ & a/b?c=d"))

    @Test func fillsEveryKnownName() throws {
        let text = "{{cohort}} {{phase}} {{from_phase}} {{status}} {{actor}} {{playbook}} {{plan}}"
        #expect(try renderer.render(text, for: .argument)
            == "eu-west-1 rolling-back canary rolling-back gate:error-rate move-to-nova rollback")
        #expect(Set(Sample.event().templateValues.keys) == TemplateRenderer.knownNames)
    }

    @Test func spacesInsideBracesAreAllowed() throws {
        #expect(try renderer.render("[{{ cohort }}]", for: .argument) == "[eu-west-1]")
    }

    @Test func unknownNameIsAnError() {
        #expect(throws: TemplateError.self) { try renderer.render("{{cohrt}}", for: .argument) }
        do {
            _ = try renderer.render("x {{cohrt}}", for: .jsonString)
        } catch {
            #expect(error.name == "cohrt")
            #expect(error.description.hasPrefix("unknown template {{cohrt}} (known: {{actor}}"))
        }
    }

    @Test func whatIsNotAReferenceStaysAsWritten() throws {
        #expect(try renderer.render("a {{ b", for: .argument) == "a {{ b")
        #expect(try renderer.render("{{ not a name }} {{}} {{cohort}}}", for: .argument) == "{{ not a name }} {{}} eu-west-1}")
        #expect(try renderer.render("{{{cohort}}", for: .argument) == "{eu-west-1")
        #expect(try renderer.render("{{ x {{cohort}}", for: .argument) == "{{ x eu-west-1")
    }

    @Test func valuesAreNotExpandedAgain() throws {
        #expect(try renderer.render("{{reason}}", for: .argument) == "say \"hi\"\nnext {{cohort}} ünï ✓ & a/b?c=d")
    }

    @Test func urlValuesArePercentEncoded() throws {
        #expect(try renderer.render("https://h.example/x/{{cohort}}?r={{reason}}", for: .url)
            == "https://h.example/x/eu-west-1?r=say%20%22hi%22%0Anext%20%7B%7Bcohort%7D%7D%20%C3%BCn%C3%AF%20%E2%9C%93%20%26%20a%2Fb%3Fc%3Dd")
    }

    @Test func headerValuesLoseControlCharacters() throws {
        let value = try renderer.render("r={{reason}}", for: .header)
        #expect(!value.contains("\n") && !value.contains("\r"))
        #expect(value == "r=say \"hi\"next {{cohort}} ünï ✓ & a/b?c=d")
        #expect(try TemplateRenderer(values: ["reason": "a\r\nX-Evil: 1\u{0}"]).render("{{reason}}", for: .header) == "aX-Evil: 1")
    }

    @Test func jsonTreesAreRenderedInStringsAndKeys() throws {
        let body: JSONValue = .object([
            (key: "text", value: .string("{{reason}}")),
            (key: "{{cohort}}", value: .array([.number(1), .bool(true), .null, .string("{{phase}}")])),
        ])
        let rendered = try renderer.render(body)
        #expect(rendered == .object([
            (key: "text", value: .string("say \"hi\"\nnext {{cohort}} ünï ✓ & a/b?c=d")),
            (key: "eu-west-1", value: .array([.number(1), .bool(true), .null, .string("rolling-back")])),
        ]))
        #expect(rendered.jsonText == #"{"text":"say \"hi\"\nnext {{cohort}} ünï ✓ & a/b?c=d","eu-west-1":[1,true,null,"rolling-back"]}"#)
    }

    @Test func referencesAreListedForValidators() {
        #expect(TemplateRenderer.references(in: "{{cohort}}/{{ x }}/{{ bad name }}/{{plan}}") == ["cohort", "x", "plan"])
    }
}

@Suite struct BackoffAndSignatureTests {
    @Test func backoffDoublesUpToTheCap() {
        let b = Backoff.standard
        #expect((1...8).map { b.delay(afterAttempt: $0) }
            == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(30), .seconds(30)])
    }

    /// RFC 4231, test case 2.
    @Test func signatureMatchesTheRFCVector() {
        let body = Data("what do ya want for nothing?".utf8)
        let value = WebhookSignature.value(body: body, secret: "Jefe")
        #expect(value == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(WebhookSignature.verify(value, body: body, secret: "Jefe"))
        #expect(!WebhookSignature.verify(value, body: body + Data(" ".utf8), secret: "Jefe"))
        #expect(!WebhookSignature.verify(value, body: body, secret: "jefe"))
    }
}
