// swift-tools-version:6.0
// Release-mode benchmark for the Softmax library. Standalone so that the root Package.swift stays
// untouched: Sources/Softmax is a symlink to the library's sources (../../../Sources/Softmax).
// Run everything with `python3 Benchmarks/softmax/run.py` from the repository root.
import PackageDescription

let package = Package(
    name: "softmax-bench",
    targets: [
        .target(name: "Softmax"),
        .executableTarget(name: "softmax-bench", dependencies: ["Softmax"]),
    ]
)
