/// The dashboard's per-session CSRF token: derived from the session's token secret (SHA-256 with a purpose prefix),
/// so it needs no storage, changes with the session, and cannot be computed without the secret.
public enum SessionCSRF {
    public static func token(for secret: String) -> String {
        Digest.sha256(Array(("migrate-dashboard-csrf\n" + secret).utf8))
    }
}
