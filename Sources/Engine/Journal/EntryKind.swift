/// The kind of a journal entry, as `history` and the JSON contract spell it.
public enum EntryKind: String, Sendable, Equatable, Codable, CaseIterable {
    case created, advanced, completed, blocked, paused, resumed
    case rollbackStarted = "rollback-started"
    case rolledBack = "rolled-back"
    case restarted, approved
    case stepStarted = "step-started"
    case stepFinished = "step-finished"
    case stepFailed = "step-failed"
    case confirmed
    case routeChanged = "route-changed"
    case issueOpened = "issue-opened"
    case issueUpdated = "issue-updated"
    case issueClosed = "issue-closed"
    case metricsImported = "metrics-imported"
    case fleetImported = "fleet-imported"
    case playbookChanged = "playbook-changed"
    case segmentQuarantined = "segment-quarantined"
    case segmentReleased = "segment-released"
    case preflightHeld = "preflight-held"
    case tokenCreated = "token-created"
    case tokenRevoked = "token-revoked"
    case accessDenied = "access-denied"
}
