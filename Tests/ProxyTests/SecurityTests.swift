import Foundation
import Testing

/// OCPP security profiles 1 and 2 through the proxy: Basic credentials, TLS for chargers, wss:// upstreams.
@Suite(.serialized, .enabled(if: Peers.available, Peers.reason))
struct SecurityTests {
    @Test func basicCredentialsPassThroughAndABackendsRefusalReachesTheCharger() async throws {
        try await scenario("auth", legacyOptions: ["--password", "s3cret"]) { rig in
            try await rig.fleet(["CP-01", "CP-02"], pilot: [])
            _ = try await rig.startProxy()
            let good = try rig.chargers(["CP-01"], extra: ["--password", "s3cret"])
            let bad = try rig.chargers(["CP-02"], extra: ["--password", "wrong"])
            try await good.waitForAnswer("StatusNotification", "CP-01")
            let expected = "Basic " + Data("CP-01:s3cret".utf8).base64EncodedString()
            #expect(rig.legacy.records("CP-01", "connected").first?["authorization"] as? String == expected)
            let refused = try await bad.waitFor("refused", "CP-02")
            #expect(refused["status"] as? Int == 401, "the backend's 401 reaches the charger")
        }
    }

    @Test func perBackendCredentialsFromTheBackendsFile() async throws {
        try await scenario("creds", targetOptions: ["--password", "t4rget"]) { rig in
            try await rig.fleet(["CP-01"], pilot: ["CP-01"])
            try await rig.advance()
            let file = rig.directory.appendingPathComponent("backends.yaml")
            try """
                backends:
                  target:
                    credentials:
                      passwords: passwords.csv
                """.write(to: file, atomically: true, encoding: .utf8)
            try "charger,password\nCP-01,t4rget\n".write(to: rig.directory.appendingPathComponent("passwords.csv"), atomically: true, encoding: .utf8)
            _ = try await rig.startProxy(["--backends", file.path])
            let chargers = try rig.chargers(["CP-01"])
            try await chargers.waitForAnswer("StatusNotification", "CP-01")
            #expect(rig.target.records("CP-01", "connected").first?["authorization"] as? String
                    == "Basic " + Data("CP-01:t4rget".utf8).base64EncodedString())
        }
    }

    @Test func tlsForChargersAndAWssUpstreamWithItsOwnCA() async throws {
        let directory = try Paths.temporaryDirectory("certs")
        let certs = try await Certificates.make(in: directory)
        try await scenario("tls", targetOptions: ["--cert", certs.certificate, "--key", certs.key]) { rig in
            try await rig.fleet(["CP-01"], pilot: ["CP-01"])
            try await rig.advance()
            let file = rig.directory.appendingPathComponent("backends.yaml")
            try "backends:\n  target:\n    ca: \(certs.ca)\n".write(to: file, atomically: true, encoding: .utf8)
            let proxy = try await rig.startProxy(["--tls-cert", certs.certificate, "--tls-key", certs.key, "--backends", file.path])
            #expect(proxy.chargerURL.hasPrefix("wss://"))
            let chargers = try rig.chargers(["CP-01"], extra: ["--ca", certs.ca])
            try await chargers.waitForAnswer("StatusNotification", "CP-01")
            #expect(rig.target.connectedChargers() == ["CP-01"], "wss:// all the way: charger → proxy → backend")
        }
    }

    @Test func aWssUpstreamWithAnUntrustedCertificateIsRefused() async throws {
        let directory = try Paths.temporaryDirectory("certs")
        let certs = try await Certificates.make(in: directory)
        try await scenario("untrusted", targetOptions: ["--cert", certs.certificate, "--key", certs.key]) { rig in
            try await rig.fleet(["CP-01"], pilot: ["CP-01"])
            try await rig.advance()
            let proxy = try await rig.startProxy()
            let chargers = try rig.chargers(["CP-01"])
            let refused = try await chargers.waitFor("refused", "CP-01")
            #expect(refused["status"] as? Int == 502)
            #expect(rig.target.connectedChargers().isEmpty)
            #expect(proxy.process.errors().contains("backend target is unreachable"))
        }
    }
}
