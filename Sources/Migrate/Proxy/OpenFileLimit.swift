import Glibc

/// Each charger holds two sockets (its own and its upstream's), so the usual soft limit of 1,024 open
/// files caps a proxy near 500 chargers. The proxy raises its soft limit to the hard one at start.
enum OpenFileLimit {
    /// Raises the soft limit to the hard limit; returns the limit now in force.
    static func raise() -> UInt64 {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return UInt64(limit.rlim_cur)
    }
}
