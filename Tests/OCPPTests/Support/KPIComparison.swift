import OCPP
import Testing

/// Checks every metric of every total, charger and day of `got` against the generator's count.
func expectMatches(_ got: KPIAggregate, _ expected: ExpectedKPIs, _ name: String) {
    for metric in KPIMetric.allCases {
        #expect(got.totals[metric.index] == expected.totals[metric.rawValue], "\(name): total \(metric.rawValue)")
    }
    #expect(Set(got.chargerIDs) == Set(expected.perCharger.keys), "\(name): chargers")
    for (charger, values) in expected.perCharger {
        let mine = got.values(ofCharger: charger)
        for metric in KPIMetric.allCases {
            #expect(mine?[metric.index] == values[metric.rawValue], "\(name): \(charger) \(metric.rawValue)")
        }
    }
    #expect(Set(got.days.map(Timestamp.dayText)) == Set(expected.byDay.keys), "\(name): days")
    for day in got.days {
        let values = expected.byDay[Timestamp.dayText(day)] ?? [:]
        for metric in KPIMetric.allCases {
            #expect(got.values(onDay: day)[metric.index] == values[metric.rawValue], "\(name): \(Timestamp.dayText(day)) \(metric.rawValue)")
        }
    }
}
