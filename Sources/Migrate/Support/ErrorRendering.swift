import ArgumentParser
import Engine
import Foundation
import Store

/// The one place errors become text and exit codes.
///
/// Exit 1: bad input, unknown cohort, store or network failure. Exit 3: refused
/// (gates did not all pass, or the cohort's state does not allow the command, or it moved meanwhile).
enum ErrorRendering {
    static func exitCode(for error: any Error) -> Int32 {
        switch error {
        case is Refused, is CohortMovedError, is RefusalError: 3
        case let e as ExitCode: e.rawValue
        default: 1
        }
    }

    static func message(for error: any Error) -> String? {
        switch error {
        case is ExitCode: nil
        case let e as Refused: "refused: \(e.description)"
        case let e as CohortMovedError: "refused: \(e.description)"
        case let e as RefusalError: "refused: \(e.description)"
        case let e as any CustomStringConvertible: "error: \(e.description)"
        default: "error: \(error.localizedDescription)"
        }
    }

    /// Renders `error` on standard error and exits.
    static func exit(with error: any Error) -> Never {
        if let message = message(for: error) { Output.standardError(message) }
        Foundation.exit(exitCode(for: error))
    }
}
