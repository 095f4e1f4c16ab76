import OCPP
import Testing

@Suite struct ValueTests {
    static func decimal(_ text: String) -> ExactDecimal? {
        var t = text
        return t.withUTF8 { ExactDecimal(parsing: $0) }
    }

    @Test func exactDecimals() {
        #expect(Self.decimal("2095.014")!.scaled(by: 3) == ExactDecimal(significand: 2_095_014))
        #expect(Self.decimal("2095.0140")!.scaled(by: 3) == Self.decimal("2095014"))
        #expect(Self.decimal("1e3") == Self.decimal("1000.000"))
        #expect(Self.decimal("-0.5")! < Self.decimal("0")!)
        #expect(Self.decimal("-2")! < Self.decimal("-1.5")!)
        #expect(Self.decimal("999999999999999999")! < Self.decimal("1e18")!)
        #expect(Self.decimal("0.1")! < Self.decimal("0.10000000000000001")!)
        #expect(Self.decimal("12.5")!.subtracting(Self.decimal("2.25")!)!.description == "10.25")
        for bad in ["", "-", ".", "1.", "abc", "1e", "1234567890123456789", "0x10", " 1"] {
            #expect(Self.decimal(bad) == nil, "\(bad)")
        }
    }

    @Test func metricIndexesFollowTheTable() {
        #expect(KPIMetric.allCases.enumerated().allSatisfy { $0.offset == $0.element.index })
        #expect(KPIMetric.count == 19)
    }

    @Test func timestamps() {
        #expect(Timestamp.parse("1970-01-01T00:00:00Z") == 0)
        #expect(Timestamp.parse("2026-09-01T00:38:06.131Z").map(Timestamp.format) == "2026-09-01T00:38:06.131Z")
        #expect(Timestamp.parse("2026-09-01T02:38:06.131+02:00") == Timestamp.parse("2026-09-01T00:38:06.131Z"))
        #expect(Timestamp.parse("2026-09-01T00:00:00.1234567Z") == Timestamp.parse("2026-09-01T00:00:00.123456Z"))
        #expect(Timestamp.parse("2024-02-29T12:00:00Z") != nil)
        for bad in ["2026-02-29T00:00:00Z", "2026-09-01T24:00:00Z", "2026-09-01 00:00:00Z", "2026-09-01T00:00:00", "2026-09-01T00:00:00.Z", "2026-13-01T00:00:00Z"] {
            #expect(Timestamp.parse(bad) == nil, "\(bad)")
        }
        #expect(Timestamp.parse("2026-09-01T00:00:00", requireZone: false) == Timestamp.parse("2026-09-01T00:00:00Z"))
        #expect(Timestamp.dayText(Timestamp.day(Timestamp.parse("1969-12-31T23:59:59Z")!)) == "1969-12-31")
    }
}
