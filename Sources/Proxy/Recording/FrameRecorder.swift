import Foundation
import Glibc
import Logging
import Synchronization

/// Writes the frame log (OCPP.md's JSON Lines: every frame and connection event, with `backend`) and
/// the switch log, without ever making relaying wait for the disk.
///
/// Records are queued in memory under a lock, stamped with the time they were queued (never going
/// backwards, whatever the wall clock does), and written by a thread of their own. The queue holds at
/// most `bufferBytes`; when the disk cannot keep up and it is full, new records are dropped — counted
/// in `droppedRecords` (and `/metrics`), with a warning in the log — rather than slowing the chargers.
/// Records still queued when the process is killed are lost; a graceful shutdown writes them all.
final class FrameRecorder: Sendable {
    private struct Queue {
        var frames: [UInt8] = []
        var switches: [UInt8] = []
        var lastMillis: Int64 = .min
        var dropped = 0
        var stopping = false
    }

    private let queue: Mutex<Queue>
    private let wakeup = NSCondition()
    private let stopped = OneShot<Void>()
    let directory: String?
    private let maxFileBytes: Int
    private let bufferBytes: Int
    private let logger: Logger
    private let writeErrors = Mutex(0)

    /// `directory` nil: record nothing.
    init(directory: String?, maxFileBytes: Int, bufferBytes: Int, logger: Logger) {
        self.directory = directory
        self.maxFileBytes = maxFileBytes
        self.bufferBytes = bufferBytes
        self.logger = logger
        queue = Mutex(Queue())
    }

    var droppedRecords: Int { queue.withLock { $0.dropped } }
    var queuedBytes: Int { queue.withLock { $0.frames.count + $0.switches.count } }
    var failedWrites: Int { writeErrors.withLock { $0 } }

    func frame(charger: String, from: Side, backend: String?, message: OCPPMessage, replayed: Bool = false) {
        guard directory != nil else { return }
        enqueue(RecordLine.frame(charger: charger, from: from, backend: backend, message: message, replayed: replayed), switchLog: false)
    }

    func connected(charger: String, subprotocol: String, backend: String) {
        guard directory != nil else { return }
        enqueue(.connected(charger: charger, subprotocol: subprotocol, backend: backend), switchLog: false)
    }

    func disconnected(charger: String, initiator: Initiator, backend: String, reason: String?) {
        guard directory != nil else { return }
        enqueue(.disconnected(charger: charger, initiator: initiator, backend: backend, reason: reason), switchLog: false)
    }

    func switchEvent(_ line: RecordLine) {
        guard directory != nil else { return }
        enqueue(line, switchLog: true)
    }

    private func enqueue(_ line: RecordLine, switchLog: Bool) {
        let tail = line.tail
        let now = Self.nowMillis()
        let urgent: Bool = queue.withLock { q in
            guard !q.stopping, q.frames.count + q.switches.count + tail.count + 40 <= bufferBytes else {
                q.dropped += 1
                return false
            }
            let millis = max(now, q.lastMillis)
            q.lastMillis = millis
            var head: [UInt8] = Array("{\"time\":\"".utf8)
            ISOTimestamp.append(millis: millis, to: &head)
            head.append(contentsOf: "\",".utf8)
            if switchLog {
                q.switches.append(contentsOf: head)
                q.switches.append(contentsOf: tail)
            } else {
                q.frames.append(contentsOf: head)
                q.frames.append(contentsOf: tail)
            }
            // The writer wakes on its own every `batchInterval`; only a queue filling up fast wakes it
            // early (one wake-up per record would cost a context switch per relayed frame).
            return q.frames.count + q.switches.count >= Self.wakeAtBytes
        }
        if urgent { wake() }
    }

    /// How long the writer lets records gather before writing them: one write a batch, not a record.
    static let batchInterval: TimeInterval = 0.1
    /// Queued bytes that wake the writer before its interval is over.
    static let wakeAtBytes = 1 << 20

    private func wake() {
        wakeup.lock()
        wakeup.signal()
        wakeup.unlock()
    }

    static func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Creates the directory and starts the writer thread.
    func start() throws {
        guard let directory else { stopped.set(()); return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw RecorderError(message: "cannot create the log directory \(directory): \(error.localizedDescription)")
        }
        guard access(directory, W_OK) == 0 else { throw RecorderError(message: "the log directory \(directory) is not writable") }
        let thread = Thread { [self] in self.writeLoop(directory: directory) }
        thread.name = "migrate-proxy-recorder"
        thread.start()
    }

    /// Writes everything queued, closes the files and stops the writer.
    func stop() async {
        queue.withLock { $0.stopping = true }
        wake()
        _ = await stopped.wait()
    }

    private func writeLoop(directory: String) {
        var frames = LogFile(directory: directory, stem: "frames", maxBytes: maxFileBytes)
        var switches = LogFile(directory: directory, stem: "switches", maxBytes: maxFileBytes)
        var reportedDrops = 0
        var failing = false
        while true {
            // Let records gather for a batch interval (unless many are queued or the recorder stops).
            wakeup.lock()
            let ready = queue.withLock { $0.frames.count + $0.switches.count >= Self.wakeAtBytes || $0.stopping }
            if !ready { _ = wakeup.wait(until: Date(timeIntervalSinceNow: Self.batchInterval)) }
            wakeup.unlock()
            let batch = queue.withLock { q -> (frames: [UInt8], switches: [UInt8], stopping: Bool, dropped: Int) in
                defer { q.frames.removeAll(keepingCapacity: true); q.switches.removeAll(keepingCapacity: true) }
                return (q.frames, q.switches, q.stopping, q.dropped)
            }
            let now = Self.nowMillis()
            do {
                try frames.write(batch.frames, nowMillis: now)
                try switches.write(batch.switches, nowMillis: now)
                if failing {
                    logger.notice("frame log writable again", metadata: ["directory": "\(directory)"])
                    failing = false
                }
            } catch {
                writeErrors.withLock { $0 += 1 }
                if !failing {
                    logger.error("cannot write the frame log; records are lost until it works again", metadata: ["error": "\(error)"])
                    failing = true
                }
            }
            if batch.dropped > reportedDrops {
                logger.warning("frame log queue full: records dropped", metadata: [
                    "dropped_total": "\(batch.dropped)", "queue_bytes": "\(bufferBytes)"])
                reportedDrops = batch.dropped
            }
            if batch.stopping, queue.withLock({ $0.frames.isEmpty && $0.switches.isEmpty }) {
                frames.close()
                switches.close()
                stopped.set(())
                return
            }
        }
    }
}

struct RecorderError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
