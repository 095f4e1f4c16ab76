@testable import Store
import Testing

/// The compact chunk encoding gives back exactly the samples it was given, and refuses damaged bytes.
@Suite struct SampleChunkTests {
    static let day: Int64 = 20_400

    @Test(arguments: [1, 2, 3] as [UInt64])
    func roundTrips(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        var time = Self.day * 86_400_000_000
        var samples: [(time: Int64, value: Double)] = []
        for k in 0..<500 {
            // Whole seconds, microseconds, and the day's first instant.
            time += k == 0 ? 0 : (Bool.random(using: &rng) ? Int64.random(in: 1...3600, using: &rng) * 1_000_000 : Int64.random(in: 1...5_000_000, using: &rng))
            let value: Double = switch k % 5 {
            case 0: Double(Int.random(in: 0...1000, using: &rng))
            case 1: Double.random(in: 0...1e6, using: &rng)
            case 2: 4.7e18
            case 3: 0.1
            default: Double(UInt64.random(in: 0...(1 << 62) - 1, using: &rng))
            }
            samples.append((time, value))
        }
        let bytes = SampleChunk.encode(samples, day: Self.day)
        let back = try #require(bytes.withUnsafeBytes { SampleChunk.decode($0, day: Self.day) })
        #expect(back.count == samples.count)
        #expect(zip(back, samples).allSatisfy { $0.time == $1.time && $0.value.bitPattern == $1.value.bitPattern })
        let (sum, count) = bytes.withUnsafeBytes { SampleChunk.sum($0, day: Self.day, from: samples[100].time, to: samples[200].time) }
        #expect(count == 100)
        #expect(sum == samples[100..<200].reduce(0) { $0 + $1.value })
    }

    @Test func damagedBytesAreNotSamples() {
        for bytes: [UInt8] in [[0x80], [0x02, 0x01, 0x00], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00], [0x02, 0x03]] {
            #expect(bytes.withUnsafeBytes { SampleChunk.decode($0, day: Self.day) } == nil, "\(bytes)")
        }
    }
}
