// Times the Softmax library on the inputs written by run.py and prints one line per case:
// `case seconds-median elements`, plus `copy seconds-median bytes` (memcpy of the largest input).
import Foundation
import Softmax

func readFloats<T>(_ path: String, as: T.Type) -> [T] {
    let data = FileManager.default.contents(atPath: path)!
    return data.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
}

func median(_ times: [Double]) -> Double { times.sorted()[times.count / 2] }

func time(repeats: Int, _ body: () -> Void) -> Double {
    body()  // warm up (page faults, thread pool)
    var times = [Double]()
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    return median(times)
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
    print(name, t, x.count)
}

func runDouble(_ name: String) {
    let x = readFloats("\(dir)/\(name).bin", as: Double.self)
    var y = [Double](repeating: 0, count: x.count)
    let t = time(repeats: repeats) {
        x.withUnsafeBufferPointer { xs in
            y.withUnsafeMutableBufferPointer { ys in try! softmaxRows(xs, columns: xs.count, into: ys) }
        }
    }
    print(name, t, x.count)
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
print("copy", copyTime, big.count * 4)
