/// Maps charger identities, as bytes, to dense indexes without making a `String` per record:
/// open addressing over FNV-1a hashes, the identities stored back to back.
struct ChargerTable {
    private var slots = [Int32](repeating: -1, count: 64)
    private var keyBytes: [UInt8] = []
    private var keyStarts: [Int] = [0]
    private var hashes: [UInt64] = []

    var count: Int { hashes.count }

    func id(_ index: Int32) -> String {
        String(decoding: keyBytes[keyStarts[Int(index)]..<keyStarts[Int(index) + 1]], as: UTF8.self)
    }

    /// The index of `bytes`, and whether it is new.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (index: Int32, isNew: Bool) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let mask = slots.count - 1
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

    private func equals(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = keyStarts[index], end = keyStarts[index + 1]
        guard end - start == bytes.count else { return false }
        for k in 0..<bytes.count where keyBytes[start + k] != bytes[k] { return false }
        return true
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}
