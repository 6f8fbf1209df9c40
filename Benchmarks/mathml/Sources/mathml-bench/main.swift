// Measures LaTeX → MathML conversion time per equation, in release mode, on the essay "Why softmax?".
// Each equation is converted `rounds` × `batch` times; the figure is the median over rounds of the time per
// conversion, so one slow round (a page fault, another process) does not move it.
import Diagnostics
import Foundation
import MathML

let essay: [(String, Bool)] = [
    (#"x_1, ... x_n"#, true),
    (#"p(x_i) = \frac{e^{x_i}}{\sum_{j=1}^n e^{x_j}} \tag{1}"#, true),
    (#"p(x_i) = \frac{x_i}{\sum_{j=1}^n x_j} \tag{2}"#, true),
    (#"z = [z_1, ..., z_n]"#, false),
    (#"y = [y_1, ..., y_n]"#, false),
    (#"\frac{\delta y_i}{\delta z_i} = y_i (1 - y_i) \tag{3}"#, true),
    (#"\frac{\delta y_i}{\delta z_j} = -y_i y_j \tag{4}"#, true),
    (#"\frac{\delta y_i}{\delta z_i} = \frac{1}{\sum z_j} - p_i \tag{5}"#, true),
    (#"\frac{\delta y_i}{\delta z_j} = -\frac{p_i}{\sum z_j} \tag{6}"#, true),
    (#"\sum z_j"#, false),
]

/// A larger equation of the kind the tutorial adds: an align with tags, a label and a computed Jacobian.
let jacobian = (
    #"""
    \begin{align}
    \frac{\partial y_i}{\partial z_j} &= y_i (\delta_{ij} - y_j) \label{eq:jacobian} \tag{7} \\
    J &= \operatorname{diag}(\mathbf{y}) - \mathbf{y}\mathbf{y}^\top = \swift{softmaxJacobian(z)} \tag{8}
    \end{align}
    """#, true
)

let converter = MathMLConverter()
let location = SourceLocation(file: "why-softmax.md", line: 1, column: 1)
let context = MathContext(computed: { _, _ in
    .matrix([
        ["0.12178", "-0.03002", "-0.04949"], ["-0.03002", "0.16683", "-0.07383"],
        ["-0.04949", "-0.07383", "0.22716"],
    ])
})

/// CPU time of this thread, in seconds: unlike the wall clock, it does not count the time other processes
/// (a parallel build on the same cores) take from us.
func threadCPUTime() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Median over rounds of (wall-clock time, thread CPU time) per conversion.
@MainActor func measure(_ tex: String, display: Bool, rounds: Int = 15, batch: Int = 2000) -> (Double, Double) {
    var wall: [Double] = []
    var cpu: [Double] = []
    var bytes = 0
    for _ in 0..<rounds {
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = threadCPUTime()
        for _ in 0..<batch {
            let rendered = try! converter.convert(tex, display: display, at: location, context: context)
            bytes &+= rendered.mathml.utf8.count
        }
        cpu.append((threadCPUTime() - cpuStart) / Double(batch))
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        wall.append(seconds / Double(batch))
    }
    precondition(bytes > 0)
    return (wall.sorted()[rounds / 2], cpu.sorted()[rounds / 2])
}

func microseconds(_ seconds: Double) -> String {
    String(format: "%.2f µs", seconds * 1e6)
}

print("per conversion, median of 15 rounds of 2000: wall clock / thread CPU time")
var total = (0.0, 0.0)
for (index, (tex, display)) in essay.enumerated() {
    _ = measure(tex, display: display, rounds: 1, batch: 200)  // warm up
    let t = measure(tex, display: display)
    total = (total.0 + t.0, total.1 + t.1)
    let shown = tex.count > 58 ? String(tex.prefix(55)) + "..." : tex
    let name = "essay \(index + 1)"
    print(name + String(repeating: " ", count: 10 - name.count), microseconds(t.0), "/", microseconds(t.1), "\t", shown)
}
let n = Double(essay.count)
print(
    "all \(essay.count) essay equations:", microseconds(total.0), "/", microseconds(total.1),
    "(mean \(microseconds(total.0 / n)) / \(microseconds(total.1 / n)))")
let t = measure(jacobian.0, display: jacobian.1)
print("align + \\swift 3×3 Jacobian:", microseconds(t.0), "/", microseconds(t.1))
