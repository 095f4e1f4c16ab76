/// Strings for byte strings that repeat across many rows (the values of chargers' attributes: a model, a site, a
/// firmware), so that 100,000 chargers share a few thousand `String`s instead of allocating one per field. Direct
/// mapped and of fixed size: a byte string whose slot holds another is made anew and takes the slot; memory stays
/// bounded whatever the fleet.
struct TextCache {
    private var slots: [(hash: UInt64, text: String)?]
    private let mask: Int

    /// `size` slots, rounded up to a power of two.
    init(size: Int = 16_384) {
        var n = 1
        while n < size { n <<= 1 }
        slots = Array(repeating: nil, count: n)
        mask = n - 1
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let slot = Int(truncatingIfNeeded: h) & mask
        if let hit = slots[slot], hit.hash == h, hit.text.utf8.elementsEqual(bytes) { return hit.text }
        let text = String(decoding: bytes, as: UTF8.self)
        slots[slot] = (h, text)
        return text
    }
}
