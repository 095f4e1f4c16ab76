import CSpawn
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program started with `posix_spawn`, without a shell, and waited for without blocking a thread of Swift's
/// cooperative pool.
///
/// Why not Foundation's `Process` on Linux: its `run()` scans `/proc/self/fd` copying a fixed 256 bytes of every
/// directory entry, which now and then reads past the end of glibc's buffer and kills the whole process with
/// SIGSEGV (swift-corelibs-foundation #5472, in the 6.3 toolchain). Here the child closes every descriptor from 3
/// up in one file action (`closefrom`), so nothing of the parent leaks into it and nothing scans anything.
public final class ChildProcess: @unchecked Sendable {
    /// Where one of the child's standard descriptors goes.
    public enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// The parent's own descriptor.
        case inherit
        /// A file, created or truncated (for standard input: read).
        case file(String)
        /// A copy of this descriptor of the parent.
        case descriptor(Int32)
    }

    /// How the child ended.
    public struct Exit: Sendable, Equatable, CustomStringConvertible {
        /// The exit status, or the signal's number when `signaled`.
        public var status: Int32
        public var signaled: Bool

        public init(status: Int32, signaled: Bool) {
            self.status = status
            self.signaled = signaled
        }

        public var description: String { signaled ? "signal \(status)" : "exit \(status)" }
    }

    /// Why a program could not be started.
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    public let pid: pid_t
    private let lock = NSLockish()
    private var exit: Exit?
    private var waiting: [CheckedContinuation<Exit, Never>] = []
    private var handlers: [@Sendable (Exit) -> Void] = []

    private init(pid: pid_t) { self.pid = pid }

    /// Starts `executable` (a path, or a name looked up in PATH when it has no `/`) with `arguments`.
    /// `environment` nil: the parent's. `newProcessGroup`: the child leads a group of its own (signal it with
    /// `signalGroup`). The child starts with every signal at its default action and none blocked.
    public static func start(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                             directory: String? = nil, stdin: Stream = .null, stdout: Stream = .null,
                             stderr: Stream = .null, newProcessGroup: Bool = false) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        for (fd, stream) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            let result: Int32
            switch stream {
            case .inherit: result = 0
            case .null: result = posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0)
            case .file(let path):
                result = fd == 0 ? posix_spawn_file_actions_addopen(&actions, fd, path, O_RDONLY, 0)
                    : posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            case .descriptor(let source): result = posix_spawn_file_actions_adddup2(&actions, source, fd)
            }
            guard result == 0 else { throw StartError(description: "cannot set up descriptor \(fd): \(String(cString: strerror(result)))") }
        }
        #if !canImport(Darwin)
        guard cspawn_addclosefrom(&actions, 3) == 0 else { throw StartError(description: "cannot close descriptors in the child") }
        #endif
        if let directory, cspawn_addchdir(&actions, directory) != 0 {
            throw StartError(description: "cannot change to \(directory) in the child")
        }

        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newProcessGroup { flags |= Int32(POSIX_SPAWN_SETPGROUP) }
        #if canImport(Darwin)
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #endif
        posix_spawnattr_setflags(&attributes, Int16(truncatingIfNeeded: flags))
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        if newProcessGroup { posix_spawnattr_setpgroup(&attributes, 0) }

        let argv = CStrings([executable] + arguments)
        let envp = environment.map { CStrings($0.map { "\($0.key)=\($0.value)" }) }
        defer { argv.release(); envp?.release() }
        var pid = pid_t()
        let result: Int32 = executable.contains("/")
            ? posix_spawn(&pid, executable, &actions, &attributes, argv.pointers, envp?.pointers ?? environ)
            : posix_spawnp(&pid, executable, &actions, &attributes, argv.pointers, envp?.pointers ?? environ)
        guard result == 0 else {
            throw StartError(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        let child = ChildProcess(pid: pid)
        child.reapInBackground()
        return child
    }

    /// Waits for the end without holding a thread of the cooperative pool.
    public func wait() async -> Exit {
        await withCheckedContinuation { c in
            lock.lock()
            if let exit { lock.unlock(); c.resume(returning: exit); return }
            waiting.append(c)
            lock.unlock()
        }
    }

    /// Calls `handler` with the end, on the thread that reaped the child (or now, if it has ended): for code that
    /// must learn of the end even while every thread of the cooperative pool is busy.
    public func whenExited(_ handler: @escaping @Sendable (Exit) -> Void) {
        lock.lock()
        if let exit { lock.unlock(); handler(exit); return }
        handlers.append(handler)
        lock.unlock()
    }

    /// The end, when it has come.
    public var exited: Exit? {
        lock.lock()
        defer { lock.unlock() }
        return exit
    }

    /// Sends `signal` to the child (not once it has been reaped: its pid may belong to another process by then).
    public func signal(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if exit == nil { kill(pid, signal) }
    }

    /// Sends `signal` to the child's process group (started with `newProcessGroup`), or the child alone.
    public func signalGroup(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if exit == nil, kill(-pid, signal) != 0 { kill(pid, signal) }
    }

    /// One thread per child blocks in `waitpid` (outside the cooperative pool) and hands the end to every waiter.
    private func reapInBackground() {
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { raw in
            let child = Unmanaged<ChildProcess>.fromOpaque(raw!).takeRetainedValue()
            child.reap()
            return nil
        }, box.toOpaque())
        if started == 0 { pthread_detach(thread) } else { box.release(); reap() }
    }

    private func reap() {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let signal = status & 0x7F
        let end = signal == 0 ? Exit(status: (status >> 8) & 0xFF, signaled: false) : Exit(status: signal, signaled: true)
        lock.lock()
        exit = end
        let resumed = waiting, called = handlers
        waiting = []
        handlers = []
        lock.unlock()
        for handler in called { handler(end) }
        for c in resumed { c.resume(returning: end) }
    }
}

/// A mutex without Foundation (this module needs none).
private final class NSLockish: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t> = .allocate(capacity: 1)
    init() { pthread_mutex_init(mutex, nil) }
    deinit { pthread_mutex_destroy(mutex); mutex.deallocate() }
    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
}

/// A NULL-terminated array of C strings, freed by `free()`.
private struct CStrings {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

    init(_ strings: [String]) {
        pointers = .allocate(capacity: strings.count + 1)
        for (i, s) in strings.enumerated() { pointers[i] = strdup(s) }
        pointers[strings.count] = nil
    }

    func release() {
        var i = 0
        while let p = pointers[i] { free(p); i += 1 }
        pointers.deallocate()
    }
}
