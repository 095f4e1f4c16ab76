/// Counts OCPP.md's KPIs from the records of one frame log, in order, with flat memory: per charger its
/// connection, open CALLs and 1.6 transactions; a FIFO of CALL deadlines; the samples of the last instants.
///
/// Feed it each line with `read(_:line:into:)`, then call `finish(into:)` once. Samples reach the sink in
/// time order as soon as no later record can change them. The counter is a value: a copy taken after line
/// N and finished is the count of the log cut after line N (what `GrowingLog` relies on).
public struct KPICounter {
    /// OCPP.md's deadline: an answer more than 30 s after its CALL counts as no answer.
    public static let deadline: Int64 = 30 * Timestamp.microsPerSecond

    var chargers = ChargerTable()
    var states: [ChargerState] = []
    var deadlines = DeadlineQueue()
    var merger = SampleMerger()
    var nextSerial: UInt64 = 0
    var notes = WarningNotes()
    /// The time of the last record read.
    public private(set) var lastTime: Int64?
    /// Records and frames read.
    public private(set) var records = 0
    public private(set) var frames = 0

    public init() {}

    /// Reads one line; throws the reason it is not a record (or is out of time order), having changed nothing.
    public mutating func read<Sink: KPISampleSink>(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, into sink: inout Sink) throws(RecordError) {
        let record: FrameRecord
        do { record = try RecordParser(bytes).parse() } catch { throw RecordError(message: error.message) }
        let text = JSONText(bytes: bytes)
        if let last = lastTime, record.time < last {
            throw RecordError(message: "out of time order: \(Timestamp.format(record.time)) comes after \(Timestamp.format(last)) (a frame log's time never goes backwards)")
        }
        if let last = lastTime { merger.flush(before: last, into: &sink) }
        expireCalls(before: record.time)
        lastTime = record.time
        records += 1
        let charger = intern(record.charger, text, into: &sink)
        switch record.body {
        case .connected(let version): connected(charger, version: version, at: record.time)
        case .disconnected(let initiator): disconnected(charger, initiator: initiator, at: record.time)
        case .frame(let frame):
            frames += 1
            if !states[Int(charger)].connected, !states[Int(charger)].warnedUnconnected {
                states[Int(charger)].warnedUnconnected = true
                notes.add(.unconnected, line: line, "charger \(chargers.id(charger)) sends or receives frames with no `connected` event before them; its OCPP version is taken from the action names")
            }
            switch frame.kind {
            case .call: call(frame, charger, at: record.time, text)
            case .result, .error: answer(frame, charger, at: record.time, line: line, text)
            }
        }
    }

    /// The end of the log: every sample still held back is handed on. CALLs still open are undecided
    /// (their deadline is not before the last record): a longer log will decide them.
    public mutating func finish<Sink: KPISampleSink>(into sink: inout Sink) {
        merger.flush(before: .max, into: &sink)
    }

    /// CALLs still open and not yet past their deadline: undecided at the end of the log.
    public var undecidedCalls: Int { states.reduce(0) { $0 + $1.calls.count { !$0.expired } } }

    /// The warnings so far, as `(line, message)`.
    public var warnings: [(line: Int, message: String)] { notes.all }

    func chargerID(_ index: Int32) -> String { chargers.id(index) }

    /// Every charger seen, in order of first appearance (its index in the events).
    public var chargerIDs: [String] { (0..<Int32(chargers.count)).map(chargers.id) }

    mutating func emit(_ metric: KPIMetric, _ charger: Int32, at time: Int64, value: Double = 1) {
        merger.add(KPIEvent(time: time, charger: charger, metric: metric, value: value))
    }

    private mutating func intern<Sink: KPISampleSink>(_ ref: JSONRef, _ text: JSONText, into sink: inout Sink) -> Int32 {
        let (index, isNew): (Int32, Bool)
        if ref.escaped {
            var decoded = text.string(ref)
            (index, isNew) = decoded.withUTF8 { chargers.intern($0) }
        } else {
            (index, isNew) = chargers.intern(text.raw(ref))
        }
        if isNew {
            states.append(ChargerState())
            sink.chargerSeen(index, id: chargers.id(index))
        }
        return index
    }

    /// Decides every open CALL whose deadline is before `time` as unanswered.
    private mutating func expireCalls(before time: Int64) {
        while let entry = deadlines.popExpired(before: time) {
            let c = Int(entry.charger)
            guard let k = states[c].index(ofSerial: entry.serial), !states[c].calls[k].expired else { continue }
            states[c].calls[k].expired = true
            decideUnanswered(states[c].calls[k], entry.charger)
            states[c].forgetOldExpired()
        }
    }
}

/// Why a line is not a record of a frame log (the reader adds the file and line).
public struct RecordError: Error, Equatable, Sendable {
    public var message: String
}
