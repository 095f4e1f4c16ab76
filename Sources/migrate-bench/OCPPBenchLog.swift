import Foundation
import OCPP

/// Writes a big frame log from a small real one: `copies` renamed copies of its chargers at once, shifted by
/// 3 ms each and merged in time order, in consecutive blocks (each after the previous one's last record).
struct OCPPBenchLog {
    struct Line {
        var time: Int64
        var id: [UInt8]
        var tail: [UInt8]      // from the closing quote of the charger id to the end
        var isFrame: Bool
    }

    struct Shape: CustomStringConvertible {
        var lines = 0, frames = 0, chargers = 0, bytes: Int64 = 0, blocks = 0, first: Int64 = 0, last: Int64 = 0
        var description: String {
            "\(lines) lines, \(frames) frames, \(chargers) chargers, \(bytes) bytes, \(blocks) blocks, \(Timestamp.format(first)) to \(Timestamp.format(last))"
        }
    }

    let lines: [Line]
    let copies: Int

    /// Reads a log whose records start `{"time":"…","charger":"…"` (as the recorder writes them).
    /// Every charger id of the big log: each seed charger's `copies` renamed copies (`ID~k`).
    var chargerIDs: [String] {
        Set(lines.map(\.id)).sorted { $0.lexicographicallyPrecedes($1) }.flatMap { id in
            (0..<copies).map { String(decoding: id, as: UTF8.self) + "~\($0)" }
        }
    }

    init(seedLog: String, copies: Int) throws {
        let text = try String(contentsOfFile: seedLog, encoding: .utf8)
        var lines: [Line] = []
        for raw in text.split(separator: "\n") {
            let b = Array(raw.utf8)
            let prefix = Array(#"{"time":""#.utf8), chargerKey = Array(#"","charger":""#.utf8)
            guard b.starts(with: prefix), b.count > 33, b[33...].starts(with: chargerKey) else { throw BenchError("\(seedLog): a line not written by the recorder") }
            let idStart = 33 + chargerKey.count
            guard let idEnd = b[idStart...].firstIndex(of: UInt8(ascii: "\"")),
                  let time = b[9..<33].withUnsafeBufferPointer({ Timestamp.parse($0) }) else { throw BenchError("\(seedLog): bad line") }
            lines.append(Line(time: time, id: Array(b[idStart..<idEnd]), tail: Array(b[idEnd...]), isFrame: raw.contains(#""frame":"#)))
        }
        self.lines = lines
        self.copies = copies
    }

    func write(to path: String, bytes limit: Int64) throws -> Shape {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? out.close() }
        var shape = Shape()
        shape.chargers = Set(lines.map(\.id)).count * copies
        let span = lines.last!.time - lines.first!.time
        let blockLength = (span / Timestamp.microsPerDay + 2) * Timestamp.microsPerDay
        // Every (copy, line) pair in time order; ties by copy, then by line.
        var keyed: [(time: Int64, copy: Int, line: Int)] = []
        for k in 0..<copies {
            for i in lines.indices { keyed.append((lines[i].time + Int64(k) * 3000, k, i)) }
        }
        keyed.sort { a, b in a.time != b.time ? a.time < b.time : (a.copy != b.copy ? a.copy < b.copy : a.line < b.line) }
        let order = keyed.map { ($0.copy, $0.line) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8 << 20)
        var block: Int64 = 0
        shape.first = lines.first!.time
        while shape.bytes < limit {
            for (k, i) in order {
                let line = lines[i]
                let time = line.time + block * blockLength + Int64(k) * 3000
                buffer += Array(#"{"time":""#.utf8)
                buffer += Array(Timestamp.format(time).utf8)
                buffer += Array(#"","charger":""#.utf8)
                buffer += line.id
                buffer.append(UInt8(ascii: "~"))
                buffer += Array(String(k).utf8)
                buffer += line.tail
                buffer.append(0x0A)
                shape.lines += 1
                if line.isFrame { shape.frames += 1 }
                shape.last = time
                if buffer.count >= 4 << 20 {
                    out.write(Data(buffer))
                    shape.bytes += Int64(buffer.count)
                    buffer.removeAll(keepingCapacity: true)
                    if shape.bytes >= limit { break }
                }
            }
            block += 1
        }
        out.write(Data(buffer))
        shape.bytes += Int64(buffer.count)
        shape.blocks = Int(block)
        return shape
    }
}
