import Foundation

/// Which build of `migrate` a run measured, for the numbers' caption: its path, and whether the Swift runtime is
/// linked into it (`swift build -c release --static-swift-stdlib`) or loaded from shared libraries at each start.
enum BenchBuild {
    static func describe(_ migrate: String) -> String {
        guard let ldd = try? BenchShell.run("/usr/bin/ldd", [migrate], allowFailure: true).output, !ldd.isEmpty else {
            return "\(migrate) (how it was linked is unknown: no ldd)"
        }
        let linking = ldd.contains("libswiftCore.so")
            ? "Swift runtime in shared libraries"
            : "Swift runtime linked statically (--static-swift-stdlib)"
        return "\(migrate), \(linking)"
    }
}
