// Interleaved A/B timing of two versions of the Softmax library linked into one binary: SoftmaxA
// (an earlier revision) and SoftmaxB (the working tree). Calls alternate A, B, B, A, ... so that
// the machine's drift falls on both sides alike; prints the median wall and CPU time of each and
// their ratio, and how many elements differ. Built and run by run.sh.
//
// Arguments: n reps [f|d] [columns]. The input is uniform in ±12 with every 997th element raised
// by 20; `columns` < n times softmaxRows over rows of that length.
import Foundation
import SoftmaxA
import SoftmaxB

let arguments = CommandLine.arguments
let n = Int(arguments[1])!
let reps = Int(arguments[2])!
let double = arguments.count > 3 && arguments[3] == "d"
let columns = arguments.count > 4 ? Int(arguments[4])! : n

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

func cpu() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func median(_ a: [Double]) -> Double { a.sorted()[a.count / 2] * 1e3 }

typealias Kernel<T> = (UnsafeBufferPointer<T>, UnsafeMutableBufferPointer<T>) -> Void

func compare<T: Equatable>(_ x: [T], _ a: Kernel<T>, _ b: Kernel<T>, zero: T) {
    var ya = [T](repeating: zero, count: x.count)
    var yb = ya
    var wall: [[Double]] = [[], []]
    var cpuTime: [[Double]] = [[], []]
    for r in 0...reps {
        for side in r % 2 == 0 ? [0, 1] : [1, 0] {
            let (c, t) = (cpu(), now())
            x.withUnsafeBufferPointer { xs in
                if side == 0 {
                    ya.withUnsafeMutableBufferPointer { a(xs, $0) }
                } else {
                    yb.withUnsafeMutableBufferPointer { b(xs, $0) }
                }
            }
            if r > 0 {  // the first round warms up
                wall[side].append(now() - t)
                cpuTime[side].append(cpu() - c)
            }
        }
    }
    let differing = zip(ya, yb).filter { $0 != $1 }.count
    print(
        String(
            format: "A wall %.3f cpu %.3f ms | B wall %.3f cpu %.3f ms | B/A wall %.3f cpu %.3f | differing %d",
            median(wall[0]), median(cpuTime[0]), median(wall[1]), median(cpuTime[1]),
            median(wall[1]) / median(wall[0]), median(cpuTime[1]) / median(cpuTime[0]), differing))
}

var generator = SystemRandomNumberGenerator()
var x = (0..<n).map { _ in Double.random(in: -12...12, using: &generator) }
for i in stride(from: 0, to: n, by: 997) { x[i] += 20 }
if double {
    compare(
        x, { try! SoftmaxA.softmaxRows($0, columns: columns, into: $1) },
        { try! SoftmaxB.softmaxRows($0, columns: columns, into: $1) }, zero: 0.0)
} else {
    compare(
        x.map(Float.init), { try! SoftmaxA.softmaxRows($0, columns: columns, into: $1) },
        { try! SoftmaxB.softmaxRows($0, columns: columns, into: $1) }, zero: Float(0))
}
