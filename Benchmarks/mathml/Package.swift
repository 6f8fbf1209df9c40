// swift-tools-version:6.0
// Release-mode speed measurement of the MathML converter on the essay's equations. Standalone so the root
// Package.swift stays untouched (MathML is not a product there): Sources/MathML and Sources/Diagnostics are
// symlinks to the real sources. Run from the repository root:
//   swift run -c release --package-path Benchmarks/mathml mathml-bench
import PackageDescription

let package = Package(
    name: "mathml-bench",
    targets: [
        .target(name: "Diagnostics"),
        .target(name: "MathML", dependencies: ["Diagnostics"]),
        .executableTarget(name: "mathml-bench", dependencies: ["MathML", "Diagnostics"]),
    ]
)
