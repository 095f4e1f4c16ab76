import Application
import ArgumentParser
import Engine
import Foundation

/// The one place errors become text and exit codes on the command line.
///
/// Exit 1: bad input, unknown cohort, store or network failure. Exit 3: refused (gates did not all pass, or the
/// cohort's state does not allow the command, or it moved meanwhile). The application's errors say what is
/// wrong; the hints about which `migrate` command helps are added here.
enum ErrorRendering {
    static func exitCode(for error: any Error) -> Int32 {
        if let e = error as? ExitCode { return e.rawValue }
        guard let kinded = error as? any KindedError else { return 1 }
        return exitCode(for: kinded.kind)
    }

    static func exitCode(for kind: ErrorKind) -> Int32 {
        switch kind {
        case .refused, .moved: 3
        case .notFound, .conflict, .invalidInput, .unauthenticated, .forbidden, .unavailable: 1
        }
    }

    static func message(for error: any Error) -> String? {
        if error is ExitCode { return nil }
        guard let kinded = error as? any KindedError else {
            // Foundation's errors read best through their localized description; others through their own.
            let foundation = error is CocoaError || error is URLError || error is POSIXError
            return "error: " + (foundation ? error.localizedDescription : String(describing: error))
        }
        let prefix = kinded.kind == .refused || kinded.kind == .moved ? "refused: " : "error: "
        return prefix + kinded.description + hint(for: kinded)
    }

    /// What to run next, when the error is about something a command creates or shows.
    static func hint(for error: any KindedError) -> String {
        switch (error as? MigrateError)?.subject {
        case let .cohort(_, known)? where error.kind == .notFound && known.isEmpty:
            "; create one with `migrate cohort create NAME --playbook FILE --where ATTR=V`"
        case .fleet?:
            " with `migrate fleet import FILE`"
        default:
            error is CohortMovedError ? "; see `migrate status`" : ""
        }
    }

    /// Renders `error` on standard error and exits.
    static func exit(with error: any Error) -> Never {
        if let message = message(for: error) { Output.standardError(message) }
        Foundation.exit(exitCode(for: error))
    }
}
