import Foundation

/// What `importMetrics` did with one file.
public struct MetricsImportReport: Sendable, Equatable, Codable {
    public var file: String
    /// SHA-256 of the file's bytes, hex.
    public var digest: String
    /// Samples newly stored.
    public var samples: Int
    /// Samples of the file already stored (same charger, metric, time and value), not counted again.
    public var duplicates: Int
    /// Samples dropped because their charger is not in the fleet (only with `skipUnknown`).
    public var skippedUnknown: Int
    /// The distinct charger ids of the file that are not in the fleet, sorted.
    public var unknownChargers: [String]
    /// First and last sample time of the file (nil when it had none left to store).
    public var start: Date?
    public var end: Date?
    /// The journal entry that records this import, or (with `alreadyImported`) the earlier one.
    public var entry: Int64
    /// True when a file with the same digest was imported before: nothing was done.
    public var alreadyImported: Bool
    /// `ocpp import` of a grown log: samples stored before whose value grew (more events at the instant the
    /// earlier read stopped). 0 for files of samples.
    public var replaced: Int
    /// `ocpp import`: where the frame log was read up to (nil for files of samples).
    public var log: JournalEvent.FrameLogPosition?

    public init(file: String, digest: String, samples: Int, duplicates: Int, skippedUnknown: Int, unknownChargers: [String],
                start: Date?, end: Date?, entry: Int64, alreadyImported: Bool, replaced: Int = 0, log: JournalEvent.FrameLogPosition? = nil) {
        self.file = file; self.digest = digest; self.samples = samples; self.duplicates = duplicates
        self.skippedUnknown = skippedUnknown; self.unknownChargers = unknownChargers
        self.start = start; self.end = end; self.entry = entry; self.alreadyImported = alreadyImported
        self.replaced = replaced; self.log = log
    }

    enum CodingKeys: String, CodingKey {
        case file, digest, samples, duplicates, start, end, entry, replaced, log
        case skippedUnknown = "skipped_unknown", unknownChargers = "unknown_chargers", alreadyImported = "already_imported"
    }
}
