/// Maps byte strings (charger ids, metric names) to dense indexes without making a `String` per row:
/// open addressing over FNV-1a hashes, keys stored back to back.
struct ByteInterner {
    private var slots: [Int32]
    private var mask: Int
    private var keyBytes: [UInt8] = []
    private var keyStarts: [Int] = [0]
    private var hashes: [UInt64] = []

    init() {
        slots = Array(repeating: -1, count: 64)
        mask = 63
    }

    var count: Int { hashes.count }

    func key(_ index: Int32) -> String {
        String(decoding: keyBytes[keyStarts[Int(index)]..<keyStarts[Int(index) + 1]], as: UTF8.self)
    }

    /// The index of `bytes`, and whether it was seen for the first time.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (index: Int32, isNew: Bool) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let index = slots[slot]
            if index < 0 { break }
            if hashes[Int(index)] == h, equals(Int(index), bytes) { return (index, false) }
            slot = (slot + 1) & mask
        }
        let index = Int32(hashes.count)
        hashes.append(h)
        keyBytes.append(contentsOf: bytes)
        keyStarts.append(keyBytes.count)
        slots[slot] = index
        if hashes.count * 2 > slots.count { grow() }
        return (index, true)
    }

    @inline(__always)
    private func equals(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = keyStarts[index], end = keyStarts[index + 1]
        guard end - start == bytes.count else { return false }
        var k = 0
        for i in start..<end {
            if keyBytes[i] != bytes[k] { return false }
            k += 1
        }
        return true
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for (index, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}
