import Adapters
import Engine
import Store

/// Where the adapters to the outside world are chosen.
enum Wiring {
    static func samples(_ store: MigrateStore) -> (any SampleSource)? { store }
    static func prometheus(url: String, cohort: String) throws -> any PrometheusQuerying {
        do { return try PrometheusClient(url: url) } catch {
            throw UserError("the playbook of cohort \(cohort): prometheus url '\(url)': \(error)")
        }
    }
    static func performer() -> (any StepPerformer)? { PlanStepPerformer() }
}
