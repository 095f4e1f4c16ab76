import Engine
import Foundation
import Playbook

/// A token just created: the secret, shown once and stored nowhere, and what the store keeps.
public struct IssuedToken: Sendable {
    public var secret: String
    public var token: TokenRecord
    public var entry: JournalEntry
}

extension MigrationService {
    /// The store's service tables, or unavailable when this store has none.
    var serviceStore: any ServiceStoring {
        get throws {
            guard let s = store as? any ServiceStoring else {
                throw MigrateError.unavailable("this store keeps no tokens, leases or alert states (the service needs the SQLite store)")
            }
            return s
        }
    }

    /// Creates a bearer token for `person` in `role`, approving in `approves`, valid for `validFor` (nil: until
    /// revoked). Journaled (`token-created`, with the secret's SHA-256); the secret is returned once.
    public func createToken(person: String, role roleName: String, approves: [String], validFor: PlaybookDuration?,
                            as invocation: Invocation) throws -> IssuedToken {
        guard let role = Role(rawValue: roleName) else {
            throw MigrateError.invalid("role '\(roleName)' is not one of \(Role.names)")
        }
        if let p = FieldLimits.problem(person, "the person", limit: FieldLimits.identifier) { throw MigrateError.invalid(p) }
        if person.trimmingCharacters(in: .whitespaces).isEmpty { throw MigrateError.invalid("the person is empty") }
        for a in approves {
            if a.isEmpty { throw MigrateError.invalid("an approval role in --approves is empty") }
            if let p = FieldLimits.problem(a, "the approval role", limit: FieldLimits.identifier) { throw MigrateError.invalid(p) }
        }
        if role == .approver && approves.isEmpty {
            throw MigrateError.invalid("an approver token needs the approval roles it may approve in (--approves ROLE,...)")
        }
        if let validFor, validFor.seconds <= 0 { throw MigrateError.invalid("the token's validity must be longer than 0") }
        let store = try serviceStore
        let (secret, id) = TokenSecret.make()
        let expires = validFor.map { invocation.now.addingTimeInterval($0.timeInterval) }
        let event = JournalEvent.TokenCreated(id: id, person: person, role: role, approves: approves, expiresAt: expires,
                                              hash: TokenSecret.hash(secret))
        let entry = try self.store.append([invocation.entry(.tokenCreated(event), cohort: nil, reason: nil)], if: .none)[0]
        guard let token = try store.token(hash: event.hash) else { throw MigrateError.unavailable("the token was not stored") }
        return IssuedToken(secret: secret, token: token, entry: entry)
    }

    /// Every token, oldest first (ids and people; no secrets).
    public func tokens() throws -> [TokenRecord] {
        try serviceStore.tokens()
    }

    /// Revokes token `id` (journaled, `token-revoked`); it no longer authenticates. `caller`: the token the request
    /// carries, which may not revoke itself (an admin would lock themselves out; the command line or another admin can).
    public func revokeToken(_ id: String, caller: String? = nil, as invocation: Invocation) throws -> TokenRecord {
        if id == caller { throw MigrateError.conflict("token \(id) is the one this request carries; revoke it with another admin token or `token revoke`") }
        let store = try serviceStore
        return try appendDecidedOnJournal { _ in
            guard let token = try store.tokens().first(where: { $0.id == id }) else {
                throw MigrateError(.notFound, "no token \(id)")
            }
            guard token.revokedAt == nil else { throw MigrateError.conflict("token \(id) is already revoked") }
            return ([invocation.entry(.tokenRevoked(.init(id: id, person: token.person)), cohort: nil, reason: nil)], token)
        }.result.revoked(at: invocation.now)
    }

    /// The person a bearer token stands for at `now`; unauthenticated when it is missing, unknown, revoked or expired.
    public func authenticate(bearer secret: String?, at now: Date) throws -> Principal {
        guard let secret, !secret.isEmpty else { throw UnauthenticatedError("a bearer token is required (Authorization: Bearer TOKEN)") }
        guard secret.hasPrefix(TokenSecret.prefix), secret.utf8.count < 200,
              let token = try serviceStore.token(hash: TokenSecret.hash(secret)) else {
            throw UnauthenticatedError("the bearer token is not known")
        }
        if token.revokedAt != nil { throw UnauthenticatedError("the bearer token \(token.id) was revoked") }
        if !token.isValid(at: now) { throw UnauthenticatedError("the bearer token \(token.id) expired") }
        return Principal(token)
    }

    /// Lets `principal` take `action`, or throws forbidden; a refused write (`isWrite`, by default whether the action
    /// changes anything) is journaled first (`access-denied`, the person as actor, about `cohort` when it exists) so
    /// the journal names everyone who tried. With a `throttle`, at most one entry per person and `route` (the
    /// route's template; by default the request) in its window: the refusals in between are counted there and
    /// folded into the next entry (`repeated`); each is still refused.
    public func authorize(_ principal: Principal, _ action: Action, request: String, route: String? = nil, cohort: String?,
                          isWrite: Bool? = nil, throttle: AccessDenialThrottle? = nil, as invocation: Invocation) throws {
        if principal.role.allows(action, approves: principal.approves) { return }
        var entry: Int64?
        var counted = false
        if isWrite ?? action.isWrite {
            let route = route ?? request
            let decision = throttle?.admit(person: principal.person, route: route, at: invocation.now) ?? .journal(repeated: 0)
            switch decision {
            case .count:
                counted = true
            case let .journal(repeated):
                do {
                    let about = try cohort.flatMap { name in try store.cohorts().contains { $0.name == name } ? name : nil }
                    let denied = JournalEvent.AccessDenied(request: String(request.prefix(200)), role: principal.role,
                                                           required: action.requirement, token: principal.tokenID,
                                                           repeated: repeated > 0 ? repeated : nil)
                    entry = try store.append([principal.invocation(invocation).entry(.accessDenied(denied), cohort: about, reason: nil)],
                                             if: .none).first?.seq
                } catch {
                    throttle?.failed(person: principal.person, route: route, repeated: repeated)
                    throw error
                }
            }
        }
        throw ForbiddenError(person: principal.person, role: principal.role, action: action, entry: entry, counted: counted)
    }
}

extension TokenRecord {
    func revoked(at date: Date) -> TokenRecord {
        var t = self
        t.revokedAt = date
        return t
    }
}
