import Foundation
import Gates
import Playbook
import Testing

@Suite struct IssuesGateTests {
    static let cases: [([IssueRecord], IssuesGate, Verdict, Double)] = [
        ([], IssuesGate(severities: [.critical, .high], scope: .fleetWide), .pass, 0),
        ([issue("A", .high, .fleetWide)], IssuesGate(severities: [.critical, .high], scope: .fleetWide), .fail, 1),
        ([issue("A", .high, .pilotSpecific)], IssuesGate(severities: [.critical, .high], scope: .fleetWide), .pass, 0),
        ([issue("A", .medium, .fleetWide)], IssuesGate(severities: [.critical, .high]), .pass, 0),
        ([issue("A", .high, .fleetWide, closed: true)], IssuesGate(severities: [.high]), .pass, 0),
        ([issue("A", .high, cohort: "south")], IssuesGate(severities: [.high]), .pass, 0),
        ([issue("A", .high, cohort: "north")], IssuesGate(severities: [.high]), .fail, 1),
        ([issue("A", .low), issue("B", .low)], IssuesGate(maxOpen: 2), .pass, 2),
        ([issue("A", .low), issue("B", .low), issue("C", .critical)], IssuesGate(maxOpen: 2), .fail, 3),
        // Unclassified: it may be fleet-wide, so it counts until someone gives it a scope.
        ([issue("A", .high)], IssuesGate(severities: [.high], scope: .fleetWide), .fail, 1),
    ]

    @Test(arguments: cases)
    func counts(issues: [IssueRecord], gate: IssuesGate, expected: Verdict, value: Double) {
        let r = GateEvaluator.evaluate(inputs(phase: phase(.issues(gate)), issues: issues)).gates[0]
        #expect(r.result == expected)
        #expect(r.value == value)
        #expect(r.source?.count == Int(value))
    }
}

@Suite struct ApprovalsGateTests {
    func approval(_ actor: String, _ role: String, phase: String = "pilot") -> ApprovalRecord {
        ApprovalRecord(cohort: "north", phase: phase, actor: actor, role: role, at: t0)
    }

    @Test func allRolesByDistinctPeople() {
        let gate = ApprovalsGate(roles: ["operations", "support", "finance"])
        let r = GateEvaluator.evaluate(inputs(phase: phase(.approvals(gate)), approvals: [
            approval("alice", "operations"), approval("bob", "support"), approval("carol", "finance"),
        ])).gates[0]
        #expect(r.result == .pass)
        #expect(r.value == 3)
    }

    @Test func onePersonCountsOnceWhateverRolesTheyClaim() {
        let gate = ApprovalsGate(roles: ["operations", "support", "finance"])
        let r = GateEvaluator.evaluate(inputs(phase: phase(.approvals(gate)), approvals: [
            approval("alice", "operations"), approval("alice", "support"), approval("alice", "finance"),
        ])).gates[0]
        #expect(r.result == .pending)
        #expect(r.value == 1)
    }

    @Test func matchingFindsTheAssignmentThatCoversMostRoles() {
        // alice could be operations or support; bob only operations: the best is bob=operations, alice=support.
        let gate = ApprovalsGate(roles: ["operations", "support"])
        let r = GateEvaluator.evaluate(inputs(phase: phase(.approvals(gate)), approvals: [
            approval("alice", "operations"), approval("alice", "support"), approval("bob", "operations"),
        ])).gates[0]
        #expect(r.result == .pass)
    }

    @Test func minOfRoles() {
        let gate = ApprovalsGate(roles: ["operations", "finance", "support"], min: 2)
        let one = GateEvaluator.evaluate(inputs(phase: phase(.approvals(gate)), approvals: [approval("a", "finance")])).gates[0]
        let two = GateEvaluator.evaluate(inputs(phase: phase(.approvals(gate)), approvals: [approval("a", "finance"), approval("b", "support")])).gates[0]
        #expect(one.result == .pending)
        #expect(two.result == .pass)
    }

    @Test func approvalsOfAnotherPhaseDoNotCount() {
        let gate = ApprovalsGate(roles: ["operations"])
        let r = GateEvaluator.evaluate(inputs(phase: phase(.approvals(gate)), approvals: [approval("a", "operations", phase: "checkpoint")])).gates[0]
        #expect(r.result == .pending)
    }
}
