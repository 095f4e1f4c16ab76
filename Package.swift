// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]
/// The store's bulk loops (sample import, gate totals, verify) without the runtime exclusivity checks in release builds
/// (about 3% of an import's CPU); debug builds, and so the tests, keep them. Conflicts the compiler sees are still errors.
let storeSettings: [SwiftSetting] = strict + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "migrate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "migrate", targets: ["Migrate"]),
        .executable(name: "migrate-bench", targets: ["migrate-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        // The OCPP-J routing proxy: NIO's WebSocket codec and TLS, Hummingbird's server core, swift-websocket's client.
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", exact: "1.6.2"),
        // The store on PostgreSQL.
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        // The language: model, YAML loading with source positions, validation, JSON Schema.
        .target(name: "Playbook", dependencies: [.product(name: "Yams", package: "Yams")], swiftSettings: strict),
        // Pure judges: a gate, a clock reading and inputs in; a result with evidence out.
        .target(name: "Gates", dependencies: ["Playbook"], swiftSettings: strict),
        // The cohort state machine (pure) and the runner that performs its actions through protocols.
        .target(name: "Engine", dependencies: ["Playbook", "Gates"], swiftSettings: strict),
        // SQLite through GRDB: journal, projections, samples, issues, approvals, routes.
        .target(name: "Store", dependencies: [
            "Engine", "Playbook", "Gates", "CSQLiteConfig",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: storeSettings),
        // sqlite3_db_config, which is variadic, behind fixed-argument C functions the store can call.
        .target(name: "CSQLiteConfig", linkerSettings: [.linkedLibrary("sqlite3")]),
        // The same store on PostgreSQL (PostgresNIO): the same protocols, hash chain and projection rules; shares
        // Store's pure pieces (hashing, sample file parsing, day digests, verify's comparison).
        .target(name: "PostgresStore", dependencies: [
            "Store", "Engine", "Playbook", "Gates",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        // The outside world: webhooks, programs, Prometheus (over async-http-client), files written safely.
        .target(name: "Adapters", dependencies: [
            "Engine", "Playbook", "Gates", "Spawn",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], swiftSettings: strict),
        // Starting programs with posix_spawn (Foundation's Process.run crashes now and then on Linux; see ChildProcess).
        .target(name: "CSpawn"),
        .target(name: "Spawn", dependencies: ["CSpawn"], swiftSettings: strict),
        // OCPP evidence: frame logs in, KPI samples out; pure and streaming, no dependencies.
        .target(name: "OCPP", swiftSettings: strict),
        // The checkpoint decision report.
        .target(name: "Report", dependencies: ["Engine", "Playbook", "Gates"], swiftSettings: strict),
        // The use cases every front end calls (command line, HTTP API): the one path to each decision.
        .target(name: "Application", dependencies: [
            "Engine", "Playbook", "Gates", "Report", "OCPP",
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        // The OCPP-J routing proxy: relays chargers to the backend the routing table names, switches them safely,
        // records every frame. Reads routes through its own RouteFeed protocol; knows nothing of the store.
        .target(name: "Proxy", dependencies: [
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "WSClient", package: "swift-websocket"),
        ], swiftSettings: strict),
        // The HTTP API (`migrate serve`): routes, bearer-token auth and roles, problem+json, the watch loop, alerts,
        // /metrics. Calls Application for every decision; knows nothing of the concrete store.
        .target(name: "Server", dependencies: [
            "Application", "Engine", "Playbook", "Gates", "Report", "Adapters",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], resources: [.copy("Resources/openapi.json")], swiftSettings: strict),
        // The command line: parses arguments, wires the parts, renders output. No business logic.
        .executableTarget(name: "Migrate", dependencies: [
            "Playbook", "Gates", "Engine", "Store", "PostgresStore", "Adapters", "Report", "Application", "OCPP", "Proxy", "Server",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ], swiftSettings: strict),
        // Benchmarks (release build): the metric store against the sqlite3 shell; `ocpp` mode: ocpp kpis against jq.
        .executableTarget(name: "migrate-bench", dependencies: ["Store", "Engine", "Gates", "Playbook", "OCPP"], swiftSettings: strict),

        .testTarget(name: "PlaybookTests", dependencies: [
            "Playbook", .product(name: "PropertyBased", package: "swift-property-based"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "GatesTests", dependencies: ["Gates", "Playbook"]),
        .testTarget(name: "EngineTests", dependencies: [
            "Engine", "Gates", "Playbook", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "StoreTests", dependencies: [
            "Store", "PostgresStore", "Application", "Engine", "Gates", "Playbook", "OCPP", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "MigrateTests", dependencies: ["Playbook", "Spawn"]),
        .testTarget(name: "AdaptersTests", dependencies: [
            "Adapters", "Engine", "Gates", "Playbook", .product(name: "PropertyBased", package: "swift-property-based"),
        ],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "OCPPTests", dependencies: ["OCPP", "Spawn", .product(name: "Crypto", package: "swift-crypto")],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Engine", "Gates", "Playbook"]),
        // The proxy's pure parts in-process; the relay end to end with real OCPP peers (Python `ocpp`) and the built `migrate`.
        .testTarget(name: "ProxyTests", dependencies: [
            "Proxy", "Spawn", .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "NIOWebSocket", package: "swift-nio"),
        ], resources: [.copy("Peers")]),
        // The HTTP API over real HTTP: the server in-process on a temporary store, async-http-client as the client.
        .testTarget(name: "ServerTests", dependencies: [
            "Server", "Application", "Store", "Engine", "Adapters", "Playbook", "Gates",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ], exclude: ["Browser"]),
        // Runs the built `migrate` binary as separate processes: concurrency, SIGKILL, tampering, bad input, the CLI contract.
        .testTarget(name: "ReliabilityTests", dependencies: ["Spawn", "Store", "PostgresStore", "Engine", "Gates", "Playbook"], resources: [.copy("Fixtures")]),
    ]
)
