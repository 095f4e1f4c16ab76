import Adapters
import Engine
import Store

/// Where the adapters to the outside world are chosen.
enum Wiring {
    static func samples(_ store: MigrateStore) -> (any SampleSource)? { store }
    static func prometheus(url: String) -> (any PrometheusQuerying)? { try? PrometheusClient(url: url) }
    static func performer() -> (any StepPerformer)? { PlanStepPerformer() }
}
