import Engine
import Foundation
import GRDB
@testable import Store
import Testing

/// Attribute texts of every kind through the reads that skip a dictionary per charger (`fleetCounts` reads the
/// attributes' bytes) or stop remembering texts (`AttributesMemo` on a fleet whose every charger differs): the same
/// counts and attributes as decoding each text in full.
@Suite struct AttributeTextsAtScaleTests {
    /// Texts as a store may hold them: plain, escaped (a quote, `\u00f6`, `\/`), a non-ASCII key, blanks between
    /// tokens, a value the same as another but escaped, no attributes, and one text per charger (all distinct).
    static let texts = [
        #"{"model":"A","site":"s1","firmware":"1.0"}"#,
        #"{"model":"A","site":"s1","firmware":"1.1"}"#,
        #"{"model":"A \"q\"","site":"s2"}"#,
        #"{"model":"K\u00f6ln","site":"s\/2"}"#,
        #"{"model":"Köln","site":"s/2"}"#,
        #"{"modél":"x","site":"s3"}"#,
        #"{ "model" : "B", "site":"s3" }"#,
        #"{"site":"s4"}"#,
        "{}",
        #"{"model":"","site":""}"#,
    ]

    func store() async throws -> TemporaryStore {
        let t = try TemporaryStore(.sqlite)
        try await t.seed(20)  // cohort north of all 20
        try Self.rewriteAttributes(path: t.path)
        return t
    }

    /// Charger id → its attributes' text as stored.
    static func rawAttributes(path: String) throws -> [String: String] {
        try DatabaseQueue(path: path).read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, attributes FROM chargers").map { ($0[0] as String, $0[1] as String) })
        }
    }

    /// Gives the chargers, in id order, `texts` and then one text of their own each.
    static func rewriteAttributes(path: String) throws {
        try DatabaseQueue(path: path).write { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM chargers ORDER BY id")
            for (k, id) in ids.enumerated() {
                let text = k < texts.count ? texts[k] : #"{"model":"M\#(k % 3)","serial":"\#(k)","site":"s\#(k % 2)"}"#
                try db.execute(sql: "UPDATE chargers SET attributes = ? WHERE id = ?", arguments: [text, id])
            }
        }
    }

    @Test func fleetCountsFromTheBytesAreTheDecodedFleetCounted() async throws {
        let t = try await store()
        let fleet = try t.store.fleet()
        #expect(fleet.count == 20)
        let routes = Dictionary(try t.store.routes(cohort: nil).map { ($0.charger, $0.backend) }, uniquingKeysWith: { _, last in last })
        for names in [["model", "site"], ["model"], [], ["firmware", "modél", "serial"]] {
            let counts = try t.store.fleetCounts(by: names, missing: "(none)", unrouted: "legacy")
            #expect(counts == FleetCounts(fleet: fleet, routes: routes, attributes: names, missing: "(none)", unrouted: "legacy"), "\(names)")
        }
        let counts = try t.store.fleetCounts(by: ["model", "site"], missing: "-", unrouted: "legacy")
        #expect(counts.byAttribute["model"]?["Köln"] == 2)  // escaped and raw: one value
        #expect(counts.byAttribute["site"]?["s/2"] == 2)
        #expect(counts.byAttribute["model"]?["-"] == 3)  // the non-ASCII key, no model, no attributes
        #expect(counts.byAttribute["model"]?[""] == 1)
    }

    @Test func theSnapshotHoldsEveryKindOfTextAsDecodedAndItsRoutes() async throws {
        let t = try await store()
        let snapshot = try t.store.snapshot(of: "north")
        let raw = try Self.rawAttributes(path: t.path)
        #expect(snapshot.chargers.count == 20)
        for charger in snapshot.chargers { #expect(charger.attributes == (try AttributesText.decode(raw[charger.id] ?? "")), "\(charger.id)") }
        let routes = try t.store.routes(cohort: "north")
        #expect(snapshot.routes == Dictionary(uniqueKeysWithValues: routes.map { ($0.charger, $0.backend) }))
    }

    @Test func theFieldsOfAPlainTextAreItsDecodedFieldsAndTheRestIsRefused() {
        for text in Self.texts {
            var fields = AttributeFields()
            let plain = Array(text.utf8).withUnsafeBytes { b -> [String: String]? in
                guard fields.scan(b) else { return nil }
                return Dictionary(uniqueKeysWithValues: zip(fields.keys, fields.values).map {
                    (String(decoding: b[$0], as: UTF8.self), String(decoding: b[$1], as: UTF8.self))
                })
            }
            let escaped = text.contains("\\") || text.contains("é") || text.contains(" ")
            #expect((plain == nil) == escaped, "\(text)")
            if let plain { #expect(plain == AttributesText.parse(text), "\(text)") }
        }
        for text in [#"{"a":"1","a":"2"}"#, #"{"a":1}"#, #"{"a":"1"}x"#, #"{"a":"1""#, "", "[]", #"{"a":"1",}"#] {
            var fields = AttributeFields()
            #expect(!Array(text.utf8).withUnsafeBytes { fields.scan($0) }, "\(text)")
        }
    }

    @Test func theMemoStopsLookingWhenTextsRarelyRepeatAndStillDecodesEach() throws {
        var memo = AttributesMemo(limit: 8)
        for k in 0..<100 {
            let text = #"{"serial":"\#(k)"}"#
            #expect(try memo.decode(text) == ["serial": "\(k)"])
        }
        #expect(!memo.isLooking)
        // Past that, from the bytes of a column as from a string, every kind of text:
        for text in Self.texts + [#"{"serial":"7"}"#] {
            let fromBytes = try Array(text.utf8).withUnsafeBytes { try memo.decode(bytes: $0) }
            #expect(fromBytes == (try AttributesText.decode(text)), "\(text)")
        }
        #expect(throws: (any Error).self) { try Array("[1]".utf8).withUnsafeBytes { try memo.decode(bytes: $0) } }
        var repeating = AttributesMemo(limit: 8)
        for k in 0..<100 { _ = try repeating.decode(#"{"model":"\#(k % 4)"}"#) }
        #expect(repeating.isLooking)
    }
}
