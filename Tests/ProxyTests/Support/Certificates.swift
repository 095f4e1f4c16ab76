import Foundation

/// A test CA and a server certificate it signed for localhost and 127.0.0.1, made with the openssl tool.
struct Certificates {
    let ca: String
    let certificate: String
    let key: String

    static func make(in directory: URL) async throws -> Certificates {
        let d = directory.path
        let ext = directory.appendingPathComponent("san.ext")
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n".write(to: ext, atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(d)/ca.key", "-out", "\(d)/ca.pem", "-days", "2",
             "-subj", "/CN=migrate proxy test CA"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(d)/server.key", "-out", "\(d)/server.csr", "-subj", "/CN=localhost"],
            ["x509", "-req", "-in", "\(d)/server.csr", "-CA", "\(d)/ca.pem", "-CAkey", "\(d)/ca.key", "-CAcreateserial",
             "-out", "\(d)/server.pem", "-days", "2", "-extfile", ext.path],
        ]
        for arguments in steps {
            let openssl = try ChildProcess(name: "openssl", executable: "/usr/bin/openssl", arguments: arguments, directory: directory)
            guard try await openssl.waitForExit() == 0 else { throw PeerFailure("openssl \(arguments.joined(separator: " ")) failed\n\(openssl.errors())") }
        }
        return Certificates(ca: "\(d)/ca.pem", certificate: "\(d)/server.pem", key: "\(d)/server.key")
    }
}
