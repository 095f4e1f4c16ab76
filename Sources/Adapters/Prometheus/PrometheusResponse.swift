import Foundation

/// Reads the one value a gate needs out of an instant query's JSON answer.
enum PrometheusResponse {
    static func value(from data: Data, httpStatus: Int, server: String) throws -> Double {
        let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        if let json, let status = json["status"] as? String, status != "success" {
            let type = json["errorType"] as? String
            let text = json["error"] as? String ?? "no error text"
            throw PrometheusError("Prometheus at \(server) refused the query: \(type.map { "\($0): " } ?? "")\(text)")
        }
        guard (200..<300).contains(httpStatus) else {
            throw PrometheusError("Prometheus at \(server) answered HTTP \(httpStatus)")
        }
        guard let json, let body = json["data"] as? [String: Any], let resultType = body["resultType"] as? String else {
            throw PrometheusError("Prometheus at \(server) answered something that is not a query result")
        }
        switch resultType {
        case "scalar":
            guard let pair = body["result"] as? [Any], pair.count == 2 else { throw malformed(server) }
            return try number(pair[1], server: server)
        case "vector":
            guard let series = body["result"] as? [[String: Any]] else { throw malformed(server) }
            guard !series.isEmpty else { throw PrometheusError("the query returned no series (no data for these chargers at this time)") }
            guard series.count == 1 else {
                throw PrometheusError("the query returned \(series.count) series; a gate needs exactly one (aggregate them, e.g. with avg())")
            }
            guard let pair = series[0]["value"] as? [Any], pair.count == 2 else { throw malformed(server) }
            return try number(pair[1], server: server)
        default:
            throw PrometheusError("the query returned a \(resultType); a gate needs a scalar or an instant vector of one series")
        }
    }

    private static func number(_ raw: Any, server: String) throws -> Double {
        guard let text = raw as? String else { throw malformed(server) }
        guard let value = Double(text) else { throw PrometheusError("the query returned '\(text)', not a number") }
        if value.isNaN { throw PrometheusError("the query returned NaN (no data to average, or a division by zero)") }
        if value.isInfinite { throw PrometheusError("the query returned \(text), not a finite value") }
        return value
    }

    private static func malformed(_ server: String) -> PrometheusError {
        PrometheusError("Prometheus at \(server) answered a result in an unexpected shape")
    }
}
