// Times the Softmax library on the inputs written by run.py and prints one line per case:
// `case seconds-median elements cpu-seconds-median`, plus `copy seconds-median bytes` (memcpy of
// the largest input). CPU time is the process's, summed over all threads: the work done, whatever
// share of the cores other processes leave us.
import Foundation
import Softmax

func readFloats<T>(_ path: String, as: T.Type) -> [T] {
    let data = FileManager.default.contents(atPath: path)!
    return data.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
}

func median(_ times: [Double]) -> Double { times.sorted()[times.count / 2] }

func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Median wall-clock and median CPU seconds of `repeats` runs.
func time(repeats: Int, _ body: () -> Void) -> (Double, Double) {
    body()  // warm up (page faults, thread pool)
    var times = [Double]()
    var cpu = [Double]()
    for _ in 0..<repeats {
        let c = cpuSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        cpu.append(cpuSeconds() - c)
    }
    return (median(times), median(cpu))
}

let dir = CommandLine.arguments[1]
let repeats = Int(CommandLine.arguments.dropFirst(2).first ?? "21") ?? 21

func runFloat(_ name: String, columns: Int?) {
    let x = readFloats("\(dir)/\(name).bin", as: Float.self)
    var y = [Float](repeating: 0, count: x.count)
    let t = time(repeats: repeats) {
        x.withUnsafeBufferPointer { xs in
            y.withUnsafeMutableBufferPointer { ys in try! softmaxRows(xs, columns: columns ?? xs.count, into: ys) }
        }
    }
    print(name, t.0, x.count, t.1)
}

func runDouble(_ name: String) {
    let x = readFloats("\(dir)/\(name).bin", as: Double.self)
    var y = [Double](repeating: 0, count: x.count)
    let t = time(repeats: repeats) {
        x.withUnsafeBufferPointer { xs in
            y.withUnsafeMutableBufferPointer { ys in try! softmaxRows(xs, columns: xs.count, into: ys) }
        }
    }
    print(name, t.0, x.count, t.1)
}

runFloat("f32_1e6", columns: nil)
runDouble("f64_1e6")
runFloat("f32_1e7", columns: nil)
runFloat("f32_64x50257", columns: 50257)

// Copy bandwidth: memcpy of the 1e7-float input (40 MB) into another buffer.
let big = readFloats("\(dir)/f32_1e7.bin", as: Float.self)
var copy = [Float](repeating: 0, count: big.count)
let copyTime = time(repeats: repeats) {
    big.withUnsafeBytes { src in
        copy.withUnsafeMutableBytes { dst in _ = memcpy(dst.baseAddress!, src.baseAddress!, src.count) }
    }
}
print("copy", copyTime.0, big.count * 4)
