/// How the cohort covers the fleet along one attribute (model, site) or the backends.
public struct CoverageTable: Sendable, Equatable {
    /// "model", "site" or "backend".
    public var attribute: String
    public var rows: [CoverageRow]

    /// The attributes the report covers, besides the backends.
    public static let attributes = ["model", "site"]
    /// The value shown for a charger without the attribute.
    public static let missing = "(none)"

    public init(attribute: String, rows: [CoverageRow]) {
        self.attribute = attribute
        self.rows = rows
    }

    /// Values the fleet has that no charger of the cohort was ever routed to `to` with.
    public var gaps: [CoverageRow] { rows.filter { $0.fleet > 0 && $0.tested == 0 } }
}

public struct CoverageRow: Sendable, Equatable {
    public var value: String
    /// Chargers of the whole fleet with this value.
    public var fleet: Int
    /// Chargers of the cohort with this value.
    public var cohort: Int
    /// Chargers of the cohort with this value that the journal shows were ever routed to `to`.
    public var tested: Int
    /// Chargers of the cohort with this value routed to `to` now.
    public var onTarget: Int

    public init(value: String, fleet: Int, cohort: Int, tested: Int, onTarget: Int) {
        self.value = value
        self.fleet = fleet
        self.cohort = cohort
        self.tested = tested
        self.onTarget = onTarget
    }
}
