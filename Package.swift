// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "literate",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Softmax", targets: ["Softmax"]),
        // What page programs link: Softmax and the page helpers, one shared library beside `literate`.
        .library(name: "LiteratePage", type: .dynamic, targets: ["LiteratePage"]),
        .executable(name: "literate", targets: ["literate"]),
        // For the fuzz package (Fuzz/), which depends on this one by path.
        .library(name: "Diagnostics", targets: ["Diagnostics"]),
        .library(name: "Markdown", targets: ["Markdown"]),
        .library(name: "MathML", targets: ["MathML"]),
        .library(name: "Evaluator", targets: ["Evaluator"]),
        .library(name: "Site", targets: ["Site"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // cmark-gfm from the system (Debian: libcmark-gfm-dev, libcmark-gfm-extensions-dev); the Makefile
        // installs it when missing.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // AVX2 and FMA kernels for Softmax, chosen at run time (empty stubs off x86-64).
        .target(name: "SoftmaxAVX2"),
        .target(name: "Softmax", dependencies: ["SoftmaxAVX2"]),
        // Swift 5 mode, as page programs: it touches C's stdout, which Swift 6 rejects as shared state.
        .target(name: "LiteratePage", dependencies: ["Softmax"], swiftSettings: [.swiftLanguageMode(.v5)]),
        .target(name: "Diagnostics"),
        // The one HTML/XML escaper, for Markdown, MathML and Site.
        .target(name: "Markup"),
        .target(
            name: "Markdown",
            dependencies: ["CCmark", "Diagnostics", "Markup", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "MathML", dependencies: ["Diagnostics", "Markup"]),
        .target(
            name: "Evaluator",
            dependencies: [
                "LiteratePage", "Diagnostics",
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftParserDiagnostics", package: "swift-syntax"),
                .product(name: "SwiftSyntax", package: "swift-syntax"),
            ]
        ),
        .target(
            name: "Site",
            dependencies: [
                "Markdown", "MathML", "Markup", "Evaluator", "LiteratePage", "Diagnostics",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "SwiftIDEUtils", package: "swift-syntax"),
            ],
            exclude: ["README.md"],
            // The built-in theme (Theme/BuiltInTheme.swift): Theme/Files is a link to Templates/.
            resources: [
                "layout.mustache", "search.mustache", "assets/favicon.svg", "assets/reader.js", "assets/search.js",
                "assets/style.css",
            ].map { .embedInCode("Theme/Files/\($0)") }
        ),
        .executableTarget(
            name: "literate",
            dependencies: [
                "Site", "Evaluator", "Diagnostics", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets (position markers).
        .target(name: "TestSupport", dependencies: ["Diagnostics"], path: "Tests/TestSupport"),
        .testTarget(name: "SoftmaxTests", dependencies: ["Softmax", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics"]),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "MathMLTests", dependencies: ["MathML", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "EvaluatorTests", dependencies: ["Evaluator", "LiteratePage", "TestSupport"], exclude: ["Corpus"]),
        .testTarget(
            name: "SiteTests", dependencies: ["Site", "Markup", "LiteratePage", "TestSupport"],
            exclude: ["Fixtures", "Reference"]),
    ]
)
