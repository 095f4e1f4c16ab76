import Application
import ArgumentParser
import Engine
import Foundation
import Playbook

/// `migrate token create|list|revoke`: the service's people and what they may do.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Bearer tokens for `migrate serve`: create (printed once, stored hashed), list, revoke.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a token for a person; prints it once.",
            discussion: """
                Roles: viewer (reads), operator (advance, pause, resume, rollback, confirm, restart, evaluate, issues, metrics),
                approver (approve in the --approves roles only), admin (all of an operator's, and fleet, cohorts, tokens).
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Who the token stands for; the journal's actor for everything done with it.") var person: String
        @Option(help: "viewer, operator, approver or admin.") var role: String
        @Option(help: "Approval roles the token may approve in, comma-separated.") var approves: String?
        @Option(help: "How long it is valid (30d, 12h, 2w); default until revoked.") var expires: String?
        @Flag(help: "Print JSON (with the token).") var json = false

        func run() async throws {
            let context = try Context(global)
            let validity = try expires.map { text in
                guard let d = PlaybookDuration(parsing: text) else { throw MigrateError.invalid("--expires '\(text)' is not a duration such as 30d or 12h") }
                return d
            }
            let approving = approves.map { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
            let issued = try context.service.createToken(person: person, role: role, approves: approving, validFor: validity, as: context.invocation)
            if json { return try Output.printJSON(TokenView(issued.token, secret: issued.secret)) }
            print(issued.secret)
            Output.standardError("token \(issued.token.id) for \(person) as \(issued.token.role.rawValue)"
                                 + (issued.token.expiresAt.map { ", valid until \(Output.time($0))" } ?? "")
                                 + " (journal entry \(issued.entry.seq)); it is shown only now")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every token: id, person, role, approval roles, expiry, revocation.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let tokens = try Context(global, quiet: true).service.tokens()
            if json { return try Output.printJSON(tokens.map { TokenView($0) }) }
            print(Output.table(["ID", "PERSON", "ROLE", "APPROVES", "CREATED", "EXPIRES", "REVOKED"], tokens.map {
                [$0.id, $0.person, $0.role.rawValue, $0.approves.joined(separator: ","), Output.time($0.createdAt), Output.time($0.expiresAt), Output.time($0.revokedAt)]
            }))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token: it no longer authenticates.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The token's id (tok-...).") var id: String

        func run() async throws {
            let token = try Context(global).service.revokeToken(id, as: try global.invocation())
            print("token \(token.id) of \(token.person) revoked")
        }
    }
}
