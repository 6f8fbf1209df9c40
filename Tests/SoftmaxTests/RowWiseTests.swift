import Foundation
import Softmax
import TestSupport
import Testing

/// The row-wise forms against the vector functions applied to each row, and their checks of bad
/// shapes, lengths and targets (which must leave the output untouched).
@Suite("Row-wise forms", .everyKernelPath)
struct RowWiseTests {
    /// A seeded rows × columns matrix of logits with spread 4 and one large outlier per row.
    func matrix(rows: Int, columns: Int, seed: UInt64) -> [Double] {
        var g = SplitMix64(seed: seed)
        var x = (0..<(rows * columns)).map { _ in 4 * (2 * g.uniform() - 1) }
        for r in 0..<rows { x[r * columns + (r * 7) % columns] += 15 }
        return x
    }

    func row<T>(_ x: [T], _ r: Int, _ columns: Int) -> [T] { Array(x[(r * columns)..<((r + 1) * columns)]) }

    @Test("bad shapes and lengths throw, empty matrices do nothing")
    func shapes() throws {
        var y = [Double](repeating: 7, count: 4)
        #expect(throws: SoftmaxError.shapeMismatch(rows: 0, columns: 0, count: 4)) {
            try softmaxRows([1, 2, 3, 4], columns: 0, into: &y)
        }
        #expect(throws: SoftmaxError.shapeMismatch(rows: 2, columns: 3, count: 4)) {
            try logSoftmaxRows([1, 2, 3, 4], columns: 3, into: &y)
        }
        #expect(throws: SoftmaxError.shapeMismatch(rows: 0, columns: -2, count: 4)) {
            try softmaxRows([1, 2, 3, 4], columns: -2, into: &y)
        }
        var short = [Double](repeating: 7, count: 3)
        #expect(throws: SoftmaxError.lengthMismatch(what: "output storage", expected: 4, actual: 3)) {
            try softmaxRows([1, 2, 3, 4], columns: 2, into: &short)
        }
        #expect(throws: SoftmaxError.lengthMismatch(what: "output storage", expected: 2, actual: 4)) {
            try logSumExpRows([1, 2, 3, 4], columns: 2, into: &y)
        }
        #expect(y == [7, 7, 7, 7] && short == [7, 7, 7])
        var empty = [Double]()
        try softmaxRows([], columns: 5, into: &empty)
        try crossEntropyRows(logits: [], columns: 5, targets: [], into: &empty)
        try softmaxVJPRows([], upstream: [], columns: 0, into: &empty)
        #expect(empty.isEmpty)
        #expect(throws: SoftmaxError.shapeMismatch(rows: 0, columns: 5, count: 1)) {
            var one = [Double](repeating: 0, count: 1)
            try softmaxRows([], columns: 5, into: &one)
        }
    }

    @Test("softmax, logSoftmax and logSumExp rows equal the vector functions, across threads")
    func forwardRows() throws {
        // 3 × 5 stays on one thread; 32 × 4,099 is spread across cores row by row.
        for (rows, columns) in [(3, 5), (32, 4099)] {
            let x = matrix(rows: rows, columns: columns, seed: UInt64(rows))
            let xf = x.map(Float.init)
            var y = [Double](repeating: 0, count: x.count)
            var yf = [Float](repeating: 0, count: x.count)
            var l = [Double](repeating: 0, count: rows)
            try softmaxRows(x, columns: columns, into: &y)
            try softmaxRows(xf, columns: columns, into: &yf)
            try logSumExpRows(x, columns: columns, into: &l)
            for r in 0..<rows {
                #expect(row(y, r, columns) == softmax(row(x, r, columns)))
                #expect(row(yf, r, columns) == softmax(row(xf, r, columns)))
                #expect(l[r] == logSumExp(row(x, r, columns)))
            }
            try logSoftmaxRows(x, columns: columns, into: &y)
            for r in 0..<rows { #expect(row(y, r, columns) == logSoftmax(row(x, r, columns))) }
        }
    }

    @Test("cross-entropy rows and their gradients equal the vector functions")
    func crossEntropyRowsMatch() throws {
        for (rows, columns) in [(4, 3), (32, 4099)] {
            let x = matrix(rows: rows, columns: columns, seed: 11 + UInt64(rows))
            let xf = x.map(Float.init)
            let targets = (0..<rows).map { ($0 * 5 + 1) % columns }
            var losses = [Double](repeating: 0, count: rows)
            var lossesF = [Float](repeating: 0, count: rows)
            var gradient = [Double](repeating: 0, count: x.count)
            var gradientF = [Float](repeating: 0, count: x.count)
            try crossEntropyRows(logits: x, columns: columns, targets: targets, into: &losses)
            try crossEntropyRows(logits: xf, columns: columns, targets: targets, into: &lossesF)
            try crossEntropyGradientRows(logits: x, columns: columns, targets: targets, into: &gradient)
            try crossEntropyGradientRows(logits: xf, columns: columns, targets: targets, into: &gradientF)
            for r in 0..<rows {
                let single = try crossEntropy(logits: row(x, r, columns), target: targets[r])
                #expect(losses[r] == single)
                // Float: against the Double loss of the same Float logits, within 2 ulp.
                let reference = try crossEntropy(logits: row(xf, r, columns).map(Double.init), target: targets[r])
                #expect(abs(Double(lossesF[r]) - reference) <= 2 * Double(Float(reference).ulp))
                let singleGradient = try crossEntropyGradient(logits: row(x, r, columns), target: targets[r])
                let singleGradientF = try crossEntropyGradient(logits: row(xf, r, columns), target: targets[r])
                #expect(row(gradient, r, columns) == singleGradient)
                #expect(row(gradientF, r, columns) == singleGradientF)
            }
        }
        // Edge cases follow the vector function: a -infinity target logit costs +infinity.
        var losses = [Double](repeating: 0, count: 2)
        try crossEntropyRows(logits: [0, -.infinity, .nan, 1], columns: 2, targets: [1, 0], into: &losses)
        #expect(losses[0] == .infinity && losses[1].isNaN)
    }

    @Test("bad targets throw before anything is written")
    func badTargets() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6]
        var losses: [Double] = [9, 9]
        var gradient = [Double](repeating: 9, count: 6)
        #expect(throws: SoftmaxError.targetOutOfRange(target: 3, count: 3)) {
            try crossEntropyRows(logits: x, columns: 3, targets: [0, 3], into: &losses)
        }
        #expect(throws: SoftmaxError.targetOutOfRange(target: -1, count: 3)) {
            try crossEntropyGradientRows(logits: x, columns: 3, targets: [-1, 0], into: &gradient)
        }
        #expect(throws: SoftmaxError.lengthMismatch(what: "targets", expected: 2, actual: 1)) {
            try crossEntropyRows(logits: x, columns: 3, targets: [0], into: &losses)
        }
        #expect(throws: SoftmaxError.lengthMismatch(what: "output storage", expected: 6, actual: 2)) {
            try crossEntropyGradientRows(logits: x, columns: 3, targets: [0, 1], into: &losses)
        }
        #expect(losses == [9, 9] && gradient.allSatisfy { $0 == 9 })
    }

    @Test("VJP rows equal the vector VJPs; Float within the rounding of its softmax")
    func vjpRows() throws {
        for (rows, columns) in [(3, 4), (32, 4099)] {
            let x = matrix(rows: rows, columns: columns, seed: 23 + UInt64(rows))
            var gen = SplitMix64(seed: 99)
            let g = (0..<x.count).map { _ in 2 * gen.uniform() - 1 }
            let (xf, gf) = (x.map(Float.init), g.map(Float.init))
            for log in [false, true] {
                var out = [Double](repeating: 0, count: x.count)
                var outF = [Float](repeating: 0, count: x.count)
                if log {
                    try logSoftmaxVJPRows(x, upstream: g, columns: columns, into: &out)
                    try logSoftmaxVJPRows(xf, upstream: gf, columns: columns, into: &outF)
                } else {
                    try softmaxVJPRows(x, upstream: g, columns: columns, into: &out)
                    try softmaxVJPRows(xf, upstream: gf, columns: columns, into: &outF)
                }
                for r in 0..<rows {
                    let (xr, gr) = (row(x, r, columns), row(g, r, columns))
                    let single = log ? try logSoftmaxVJP(xr, upstream: gr) : try softmaxVJP(xr, upstream: gr)
                    #expect(row(out, r, columns) == single)
                    // The Float rows use the Float softmax (within 1.5 ulp): compare with the
                    // Double VJP of the same Float inputs, relative to the terms' size.
                    let (xd, gd) = (row(xf, r, columns).map(Double.init), row(gf, r, columns).map(Double.init))
                    let reference = log ? try logSoftmaxVJP(xd, upstream: gd) : try softmaxVJP(xd, upstream: gd)
                    let y = softmax(xd)
                    let scale = log ? gd.map(abs).reduce(0, +) : gd.map(abs).max()!
                    for i in 0..<columns {
                        let bound = 4e-7 * (abs(gd[i]) + y[i] * scale) + 1e-30
                        #expect(abs(Double(outF[r * columns + i]) - reference[i]) <= bound, "row \(r), column \(i)")
                    }
                }
            }
        }
        var out = [Double](repeating: 0, count: 4)
        #expect(throws: SoftmaxError.lengthMismatch(what: "upstream gradient", expected: 4, actual: 3)) {
            try softmaxVJPRows([1, 2, 3, 4], upstream: [1, 2, 3], columns: 2, into: &out)
        }
    }
}
