import Application
import Engine
import Foundation
import Store
import Testing

/// The reads of the whole fleet that gates, status and the report make at fleet scale: counted in one pass
/// (`fleetCounts`), chargers of a backend with the unrouted ones, attributes decoded once per distinct text.
@Suite struct FleetReadsTests {
    /// A fleet of 14: `north` holds the first 10 (5 routed to target), 4 more in no cohort, one with a quote in its
    /// model (the attribute reader's slow path), one with a non-ASCII model, one with an empty model.
    func store(_ backend: Backend) async throws -> TemporaryStore {
        let t = try TemporaryStore(backend)
        try await t.seed(10)
        let more = "CP-010,s3,\"Model \"\"Q\"\"\"\nCP-011,s3,Ünïcode\nCP-012,s4,A\nCP-013,s4,"
        _ = try t.service.importFleet(csv: fleetCSV(chargers(10)) + Array("\n\(more)".utf8), file: "fleet.csv", as: t.by())
        return t
    }

    @Test(arguments: Backend.all) func fleetCountsAreTheFleetAndItsRoutesCounted(backend: Backend) async throws {
        let t = try await store(backend)
        let fleet = try t.store.fleet()
        #expect(fleet.count == 14)
        let routes = Dictionary(try t.store.routes(cohort: nil).map { ($0.charger, $0.backend) }, uniquingKeysWith: { _, last in last })
        let counts = try t.store.fleetCounts(by: ["model", "site", "region"], missing: "(none)", unrouted: "legacy")
        #expect(counts == FleetCounts(fleet: fleet, routes: routes, attributes: ["model", "site", "region"], missing: "(none)", unrouted: "legacy"))
        #expect(counts.byAttribute["region"] == ["(none)": 14])
        #expect(counts.byAttribute["model"]?["Model \"Q\""] == 1)
        #expect(counts.byAttribute["model"]?["Ünïcode"] == 1)
        #expect(counts.byAttribute["site"] == ["s1": 5, "s2": 5, "s3": 2, "s4": 2])
        #expect(counts.byBackend["target"] == 5)
        #expect(counts.byBackend.values.reduce(0, +) == 14)
        // The 4 chargers in no cohort have no route: they count on the backend asked for.
        let other = try t.store.fleetCounts(by: [], missing: "-", unrouted: "nowhere")
        #expect(other.byBackend["nowhere"] == 4)
    }

    @Test(arguments: Backend.all) func chargersOfABackendWithTheUnroutedOnesInIdOrder(backend: Backend) async throws {
        let t = try await store(backend)
        let routes = try t.store.routes(cohort: nil)
        let routed = Set(routes.map(\.charger))
        let legacy = routes.filter { $0.backend == "legacy" }.map(\.charger)
        let unrouted = try t.store.fleet().map(\.id).filter { !routed.contains($0) }
        #expect(unrouted == ["CP-010", "CP-011", "CP-012", "CP-013"])
        #expect(try t.store.chargerIDs(routedTo: "legacy", includeUnrouted: true) == (legacy + unrouted).sorted())
        #expect(try t.store.chargerIDs(routedTo: "legacy", includeUnrouted: false) == legacy.sorted())
        #expect(try t.store.chargerIDs(routedTo: "target", includeUnrouted: false).count == 5)
    }

    @Test(arguments: Backend.all) func theSnapshotHoldsEachChargersOwnAttributesInIdOrder(backend: Backend) async throws {
        let t = try await store(backend)
        let snapshot = try t.store.snapshot(of: "north")
        let fleet = Dictionary(uniqueKeysWithValues: try t.store.fleet().map { ($0.id, $0.attributes) })
        #expect(snapshot.chargers.map(\.id) == (0..<10).map { String(format: "CP-%03d", $0) })
        for charger in snapshot.chargers { #expect(charger.attributes == fleet[charger.id]) }
        #expect(snapshot.routes.count == 10)
    }

    @Test func theMemoDecodesEveryTextAsTheReaderDoesPastItsLimit() throws {
        let texts = [#"{"model":"A","site":"s1"}"#, #"{"model":"B"}"#, #"{"model":"A \"q\"","site":"s2"}"#, "{}", #"{"site":"s1","model":"A"}"#]
        var memo = AttributesMemo(limit: 2)
        for _ in 0..<3 {
            for text in texts { #expect(try memo.decode(text) == AttributesText.decode(text)) }
        }
        #expect(throws: (any Error).self) { try memo.decode("[1]") }
    }
}
