// swift-tools-version:6.0
// Release-mode benchmark for the Softmax library. Standalone so that the root Package.swift stays
// untouched: Sources/Softmax and Sources/SoftmaxAVX2 are symlinks to the library's sources.
// Run everything with `python3 Benchmarks/softmax/run.py` from the repository root.
import PackageDescription

let package = Package(
    name: "softmax-bench",
    targets: [
        .target(name: "SoftmaxAVX2"),
        .target(name: "Softmax", dependencies: ["SoftmaxAVX2"]),
        .executableTarget(name: "softmax-bench", dependencies: ["Softmax"]),
    ]
)
