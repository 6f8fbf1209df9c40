import Foundation
import Softmax
import Testing

/// Error of `computed` against a Double reference `hi + off·ulp(hi)`, in ulp of the reference.
func ulpError(_ computed: Double, hi: Double, off: Double) -> Double {
    if computed == hi { return abs(off) }
    if !computed.isFinite { return .infinity }
    return abs((computed - hi) / hi.ulp - off)
}

/// Error of a Float result against a reference given to 12 digits, in ulp of Float at the reference.
func ulpError(_ computed: Float, reference: Double) -> Double {
    if !computed.isFinite { return .infinity }
    let r = Float(reference)
    let ulp = Double(r == 0 ? Float.leastNonzeroMagnitude : r.ulp)
    return abs(Double(computed) - reference) / ulp
}

struct ReferenceLine {
    var n: Int
    var indices: [Int]
    var double: [(hi: Double, off: Double)]  // lse, sm[i1], sm[i2], ls[i1], ls[i2]
    var float: [Double]

    init(_ line: Substring) {
        let parts = line.split(separator: "|")
        let head = parts[0].split(separator: " ").map { Int($0)! }
        n = head[0]
        indices = [head[1], head[2]]
        let d = parts[1].split(separator: " ").map { Double($0)! }
        double = stride(from: 0, to: d.count, by: 2).map { (d[$0], d[$0 + 1]) }
        float = parts[2].split(separator: " ").map { Double($0)! }
    }
}

func fixture(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return try String(contentsOf: url, encoding: .utf8)
}

/// The parsed reference file (read once).
let accuracyReferences: (checksum: UInt64, lines: [ReferenceLine]) = {
    let text = try! fixture("accuracy-references.txt")
    var lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
    let checksumLine = lines.removeFirst()
    let checksum = UInt64(checksumLine.split(separator: " ")[1].dropFirst(2), radix: 16)!
    return (checksum, lines.map(ReferenceLine.init))
}()

@Suite("accuracy against mpmath", .everyKernelPath)
struct AccuracyTests {
    /// Vectors are checked in 10 slices of 1,000 so that the slices run in parallel.
    @Test(
        "random vectors: softmax, logSoftmax, logSumExp within 2 ulp of mpmath in Double and Float",
        arguments: 0..<10)
    func randomVectors(slice: Int) throws {
        let refs = accuracyReferences
        #expect(refs.lines.count == AccuracyVectors.count)
        // Worst error per function: [lse, softmax, logSoftmax] for Double and Float.
        var worstD = [0.0, 0.0, 0.0]
        var worstF = [0.0, 0.0, 0.0]
        var whereD = [0, 0, 0]
        var whereF = [0, 0, 0]
        var cancelling = 0
        for k in (slice * 1000)..<((slice + 1) * 1000) {
            let ref = refs.lines[k]
            let x = AccuracyVectors.vector(k)
            #expect(x.count == ref.n)
            let xf = x.map { Float($0) }
            let lse = logSumExp(x)
            let sm = softmax(x)
            let ls = logSoftmax(x)
            let lseF = logSumExp(xf)
            let smF = softmax(xf)
            let lsF = logSoftmax(xf)
            // logSumExp = m + log1p(t) cancels when the maximum m is negative and the result is
            // smaller than |m|; there the error is bounded by ulp(m), not ulp(result) (see the
            // doc comment of logSumExp), and is measured in ulp of m.
            let m = x.max()!
            let lseRef = ref.double[0].hi
            var lseError = ulpError(lse, hi: lseRef, off: ref.double[0].off)
            if m < 0 && abs(lseRef) < abs(m) {
                cancelling += 1
                lseError = abs(lse - lseRef) / m.ulp
            }
            var errorsD = [lseError, 0, 0]
            var lseErrorF = ulpError(lseF, reference: ref.float[0])
            let mF = xf.max()!
            if mF < 0 && abs(ref.float[0]) < Double(abs(mF)) {
                lseErrorF = abs(Double(lseF) - ref.float[0]) / Double(mF.ulp)
            }
            var errorsF = [lseErrorF, 0, 0]
            for (s, i) in ref.indices.enumerated() {
                errorsD[1] = max(errorsD[1], ulpError(sm[i], hi: ref.double[1 + s].hi, off: ref.double[1 + s].off))
                errorsD[2] = max(errorsD[2], ulpError(ls[i], hi: ref.double[3 + s].hi, off: ref.double[3 + s].off))
                errorsF[1] = max(errorsF[1], ulpError(smF[i], reference: ref.float[1 + s]))
                errorsF[2] = max(errorsF[2], ulpError(lsF[i], reference: ref.float[3 + s]))
            }
            for f in 0..<3 {
                if errorsD[f] > worstD[f] {
                    worstD[f] = errorsD[f]
                    whereD[f] = k
                }
                if errorsF[f] > worstF[f] {
                    worstF[f] = errorsF[f]
                    whereF[f] = k
                }
            }
        }
        let names = ["logSumExp", "softmax", "logSoftmax"]
        var report = "slice \(slice), \(kernelPathName) path: \(cancelling) cancelling logSumExp cases;"
        for f in 0..<3 {
            report += " \(names[f]) D \(worstD[f]) F \(worstF[f]);"
            #expect(worstD[f] <= 2, "\(names[f]) Double: \(worstD[f]) ulp at vector \(whereD[f])")
            #expect(worstF[f] <= 2, "\(names[f]) Float: \(worstF[f]) ulp at vector \(whereF[f])")
        }
        print("max ulp", report)
    }

    @Test("the Swift generator reproduces the Python vectors bit for bit")
    func generatorChecksum() {
        var checksum: UInt64 = 0
        for k in 0..<AccuracyVectors.count {
            checksum ^= AccuracyVectors.checksum(AccuracyVectors.vector(k))
        }
        #expect(checksum == accuracyReferences.checksum)
    }
}
