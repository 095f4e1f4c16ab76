import Engine
import Foundation
import Gates
import Playbook
import Testing
@testable import Report

@Suite("rendering: charts, no data, HTML safety")
struct RenderingTests {
    @Test func dailyValuesUseTheGateArithmeticWithTheControlGroup() {
        let r = CheckpointReport.assemble(Fixture.input())
        #expect(r.charts.count == 1)
        #expect(r.charts[0].group.map(\.value) == [0.98, 0.95, 0.99])
        #expect(r.charts[0].control?.map(\.value) == [0.97, 0.97, 0.98])
        #expect(r.charts[0].controlBackend == "legacy")
        #expect(r.noData == nil)
    }

    @Test func htmlHasAnSVGChartForAMetricGateWithData() {
        let html = HTMLRenderer.render(CheckpointReport.assemble(Fixture.input()))
        #expect(html.components(separatedBy: "<svg").count == 2)
        #expect(html.contains("<polyline class=\"group\""))
        #expect(html.contains("<polyline class=\"control\""))
        #expect(html.contains("<line class=\"threshold\""))
        #expect(html.contains("@media print"))
    }

    @Test func aCohortWithNoDataSaysSoInsteadOfDrawingEmptyCharts() {
        let empty = DailySeries(gateIndex: 0, window: EvidenceWindow(start: Fixture.at(0), end: Fixture.at(2)), groupChargers: 0,
                                group: Fixture.daily([(0, 0), (0, 0)]), controlChargers: 0, control: Fixture.daily([(0, 0), (0, 0)]))
        let gates = Fixture.report([Fixture.metric(.pending, value: nil, samples: 0, detail: "success: no chargers of the cohort are on target yet"),
                                    Fixture.issuesGate()])
        let r = CheckpointReport.assemble(Fixture.input(gates: gates, journal: [Fixture.created], series: [empty]))
        #expect(r.noData?.hasPrefix("There is no data for north yet") == true)
        #expect(r.charts[0].note == "no charger of the cohort is on target, so there are no samples to chart")
        let html = HTMLRenderer.render(r)
        #expect(!html.contains("<svg"))
        #expect(html.contains("<strong>No data.</strong>"))
        let md = MarkdownRenderer.render(r)
        #expect(md.contains("> **No data.** There is no data for north yet"))
        #expect(md.contains("No data: no charger of the cohort is on target, so there are no samples to chart."))
    }

    @Test func htmlHasNoScriptAndNoURLButTheEscapedOnesUsersWrote() {
        let hostile = "<script>alert('x')</script> see https://evil.example/?a=1&b=2"
        var issue = Fixture.issue("I-7", .high, scope: nil, title: hostile, owner: "<b>eve</b>")
        issue.url = "https://tracker.example/I-7?x=\"y\""
        let r = CheckpointReport.assemble(Fixture.input(issues: [issue]))
        var html = HTMLRenderer.render(r)
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains(HTMLEscape.text(hostile)))
        #expect(html.contains("&lt;b&gt;eve&lt;/b&gt;"))
        // Remove every text a user wrote (escaped); no URL may be left.
        for userText in [hostile, issue.url!, "https://hooks.example.net/pause?x=<b>", "wss://new.example.net", "wss://legacy.example.net"] {
            html = html.replacingOccurrences(of: HTMLEscape.text(userText), with: "")
        }
        #expect(!html.contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.contains("src="))
        #expect(!html.contains("<link"))
    }

    @Test func aChartOfChargersNoLongerOnTargetSaysWhichTheyAre() {
        var input = Fixture.input()
        input.series[0].groupNote = "the 2 chargers that were on target in this phase (none is now)"
        let r = CheckpointReport.assemble(input)
        let sentence = "The north line is the 2 chargers that were on target in this phase (none is now)."
        #expect(MarkdownRenderer.render(r).contains(sentence))
        #expect(HTMLRenderer.render(r).contains(sentence))
    }

    @Test func markdownIsDeterministicAndDatedOnlyByNow() {
        let input = Fixture.input(issues: [Fixture.issue("I-1", .high, scope: .fleetWide)])
        let a = MarkdownRenderer.render(CheckpointReport.assemble(input))
        #expect(a == MarkdownRenderer.render(CheckpointReport.assemble(input)))
        #expect(a.contains("as of 2026-11-16T00:00:00Z"))
        #expect(!a.contains(ISOTime.format(Date()).prefix(13)))
    }

    @Test func htmlEscapesEveryMarkupCharacter() {
        #expect(HTMLEscape.text("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;")
    }
}
