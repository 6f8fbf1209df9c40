// swift-tools-version:6.0
// libFuzzer targets for the parsers of `literate` (see README.md here). Build them with
// `Scripts/fuzz.sh`, which passes the sanitizer flags: SwiftPM has no setting for them in a manifest.
import PackageDescription

// The root package, by path; its identity is its folder's name, whatever the clone is called.
let root = Context.packageDirectory.split(separator: "/").dropLast().last.map { $0.lowercased() } ?? "main"

func fuzzer(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: root) },
        path: "Sources/\(name)"
    )
}

let package = Package(
    name: "LiterateFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport", path: "Sources/FuzzSupport"),
        fuzzer("FuzzMarkdownPage", ["Markdown", "Diagnostics"]),
        fuzzer("FuzzInlineScanner", ["Markdown"]),
        fuzzer("FuzzFrontMatter", ["Markdown", "Site", "Diagnostics"]),
        fuzzer("FuzzMathML", ["MathML", "Diagnostics"]),
        fuzzer("FuzzStatedValue", ["Evaluator", "Diagnostics"]),
        fuzzer("FuzzTemplates", ["Site"]),
    ]
)
