import TestSupport

/// The accuracy vectors of `generate_references.py` (`vector(k)` there).
enum AccuracyVectors {
    static let masterSeed: UInt64 = 0x5EED_50F7_3A11_0001
    static let count = 10_000
    static let longFrom = 9_900
    static let decades: [Double] = [1e-3, 1e-2, 1e-1, 1.0, 1e1, 1e2]

    static func vector(_ k: Int) -> [Double] {
        var g = SplitMix64(seed: masterSeed &+ UInt64(k))
        let n: Int
        if k == count - 1 {
            n = 100_000
        } else if k >= longFrom {
            let base = [1000, 10000][Int(g.next() % 2)]
            n = base + Int(g.next() % UInt64(9 * base))
        } else {
            let base = [1, 10, 100][Int(g.next() % 3)]
            n = base + Int(g.next() % UInt64(9 * base))
        }
        let a = decades[Int(g.next() % 6)] * (1.0 + 9.0 * g.uniform())
        let offset = k % 2 == 1 ? a * (4.0 * g.uniform() - 2.0) : 0.0
        var xs = [Double]()
        xs.reserveCapacity(n)
        for _ in 0..<n {
            let u = g.uniform()
            xs.append(a * (2.0 * u - 1.0) + offset)
        }
        return xs
    }

    /// The checksum of `generate_references.py`: xor of bit patterns rotated by position.
    static func checksum(_ xs: [Double]) -> UInt64 {
        var h: UInt64 = 0
        for (i, v) in xs.enumerated() {
            let b = v.bitPattern
            let r = UInt64(i % 64)
            h ^= r == 0 ? b : (b << r) | (b >> (64 - r))
        }
        return h
    }
}
