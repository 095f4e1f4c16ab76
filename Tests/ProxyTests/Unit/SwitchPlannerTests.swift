import Testing
@testable import Proxy

/// The switch rules as a value: requests, urgency over time, batches, outcomes.
struct SwitchPlannerTests {
    let settings = SwitchSettings(idleWait: .seconds(10), forceGrace: .seconds(5), returnTimeout: .seconds(60),
                                  batchSize: 2, batchInterval: .seconds(1))

    @Test func aRouteChangeOfAConnectedChargerRequestsASwitch() {
        var p = SwitchPlanner(settings: settings)
        let outcomes = p.routeChanged("CP-01", to: L.target, connected: L.legacy, at: L.t0)
        guard case let .requested(s)? = outcomes.first else { Issue.record("expected requested"); return }
        #expect(s.from == L.legacy && s.to == L.target && p.pendingCount == 1)
        #expect(p.routeChanged("CP-02", to: L.target, connected: nil, at: L.t0).isEmpty, "a disconnected charger just goes there next time")
        #expect(p.routeChanged("CP-03", to: L.legacy, connected: L.legacy, at: L.t0).isEmpty, "already there")
    }

    @Test func urgencyGrowsWithTheWait() {
        var p = SwitchPlanner(settings: settings)
        _ = p.routeChanged("CP-01", to: L.target, connected: L.legacy, at: L.t0)
        #expect(p.pending(at: L.t0 + .seconds(9)).first?.urgency == .idle)
        #expect(p.pending(at: L.t0 + .seconds(10)).first?.urgency == .quiet)
        #expect(p.pending(at: L.t0 + .seconds(15)).first?.urgency == .now)
    }

    @Test func atMostBatchSizeClosesPerInterval() {
        var p = SwitchPlanner(settings: settings)
        for id in ["A", "B", "C"] { _ = p.routeChanged(id, to: L.target, connected: L.legacy, at: L.t0) }
        #expect(p.pending(at: L.t0).map(\.charger) == ["A", "B", "C"], "in request order")
        #expect(p.slots(at: L.t0) == 2)
        _ = p.closed("A", forced: false, at: L.t0)
        _ = p.closed("B", forced: false, at: L.t0 + .milliseconds(500))
        #expect(p.slots(at: L.t0 + .milliseconds(900)) == 0)
        #expect(p.slots(at: L.t0 + .milliseconds(1000)) == 1, "A's close has left the window")
        #expect(p.slots(at: L.t0 + .milliseconds(1500)) == 2)
    }

    @Test func doneWhenTheNewBackendAnswersTheChargerBack() {
        var p = SwitchPlanner(settings: settings)
        _ = p.routeChanged("A", to: L.target, connected: L.legacy, at: L.t0)
        guard case let .closed(_, forced, waited)? = p.closed("A", forced: true, at: L.t0 + .seconds(12)) else { Issue.record("closed"); return }
        #expect(forced && waited == .seconds(12))
        #expect(p.answered("A", by: L.legacy, at: L.t0 + .seconds(13)) == nil, "an answer from the old backend is not the move")
        p.arrived("A", at: L.target)
        guard case let .done(_, took)? = p.answered("A", by: L.target, at: L.t0 + .seconds(14)) else { Issue.record("done"); return }
        #expect(took == .seconds(2))
        #expect(p.switches.isEmpty)
    }

    @Test func notBackInTimeFailsWithTheLastRefusal() {
        var p = SwitchPlanner(settings: settings)
        _ = p.routeChanged("A", to: L.target, connected: L.legacy, at: L.t0)
        _ = p.closed("A", forced: false, at: L.t0)
        p.refused("A", reason: "backend target refused the charger with HTTP 401")
        #expect(p.expire(at: L.t0 + .seconds(59)).isEmpty)
        guard case let .failed(_, reason)? = p.expire(at: L.t0 + .seconds(60)).first else { Issue.record("failed"); return }
        #expect(reason == "not back on target within 1m; last attempt: backend target refused the charger with HTTP 401")
    }

    @Test func connectedButNeverAnsweredFailsToo() {
        var p = SwitchPlanner(settings: settings)
        _ = p.routeChanged("A", to: L.target, connected: L.legacy, at: L.t0)
        _ = p.closed("A", forced: false, at: L.t0)
        p.arrived("A", at: L.target)
        guard case let .failed(_, reason)? = p.expire(at: L.t0 + .seconds(61)).first else { Issue.record("failed"); return }
        #expect(reason.contains("not answered there"))
    }

    @Test func aRouteChangedBackCancelsTheSwitch() {
        var p = SwitchPlanner(settings: settings)
        _ = p.routeChanged("A", to: L.target, connected: L.legacy, at: L.t0)
        let outcomes = p.routeChanged("A", to: L.legacy, connected: L.legacy, at: L.t0 + .seconds(1))
        guard case .cancelled? = outcomes.first else { Issue.record("cancelled"); return }
        #expect(outcomes.count == 1 && p.switches.isEmpty)
    }

    @Test func aChargerThatLeftOnItsOwnIsAwaitedWithoutUsingASlot() {
        var p = SwitchPlanner(settings: settings)
        _ = p.routeChanged("A", to: L.target, connected: L.legacy, at: L.t0)
        p.left("A", at: L.t0)
        #expect(p.pendingCount == 0 && p.awaitingCount == 1 && p.slots(at: L.t0) == 2)
        p.arrived("A", at: L.target)
        guard case .done? = p.answered("A", by: L.target, at: L.t0 + .seconds(1)) else { Issue.record("done"); return }
    }
}
