// swift-tools-version: 6.1
// Coverage-guided fuzzers (libFuzzer) for the parsers that read what users and other systems hand in.
// Kept out of the main package's build: build and run them as docs/fuzzing.md says, e.g.
//   swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address
//   Fuzz/.build/release/fuzz-playbook Fuzz/Corpus/playbook -max_total_time=60
// The pure modules (Playbook, Gates, Engine) are the main package's own sources, linked here as
// directories; the sample parsers and the template renderer are the main package's files, compiled
// into their fuzzer (they are internal to Store and Adapters, whose other dependencies are not needed).
import PackageDescription

let package = Package(
    name: "migrate-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        .target(name: "Playbook", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "Gates", dependencies: ["Playbook"]),
        .target(name: "Engine", dependencies: ["Playbook", "Gates"]),
        // Hands libFuzzer its input through LLVMFuzzerRunDriver (a Swift executable has a main of its own).
        .target(name: "FuzzDriver"),
        .executableTarget(name: "fuzz-playbook", dependencies: ["FuzzDriver", "Playbook"]),
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzDriver", "Engine", "Gates"]),
        // Store's sample parsers (internal: imported @testable) with stand-ins for the two Store types they name.
        .target(name: "SampleParsers", dependencies: ["Engine"], swiftSettings: [.unsafeFlags(["-enable-testing"])]),
        // Adapters' template renderer alone (Adapters' HTTP client is not needed here).
        .target(name: "TemplateRendering", dependencies: ["Engine", "Playbook"], swiftSettings: [.unsafeFlags(["-enable-testing"])]),
        .executableTarget(name: "fuzz-samples", dependencies: ["FuzzDriver", "SampleParsers"]),
        .executableTarget(name: "fuzz-templates", dependencies: ["FuzzDriver", "TemplateRendering"]),
        // The OCPP-J frame-log reader and KPI counter (the main package's OCPP module: pure, no dependencies).
        .target(name: "OCPP"),
        .executableTarget(name: "fuzz-ocpp", dependencies: ["FuzzDriver", "OCPP"]),
    ]
)
