// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "literate",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Softmax", targets: ["Softmax"]),
        .executable(name: "literate", targets: ["literate"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // libcmark from the system (Debian: libcmark-dev); the Makefile installs it when missing.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(name: "Softmax"),
        .target(name: "Diagnostics"),
        .target(
            name: "Markdown",
            dependencies: ["CCmark", "Diagnostics", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "MathML", dependencies: ["Diagnostics"]),
        .target(
            name: "Evaluator",
            dependencies: [
                "Softmax", "Diagnostics",
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftSyntax", package: "swift-syntax"),
            ]
        ),
        .target(
            name: "Site",
            dependencies: [
                "Markdown", "MathML", "Evaluator", "Diagnostics",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "SwiftIDEUtils", package: "swift-syntax"),
            ]
        ),
        .executableTarget(
            name: "literate",
            dependencies: ["Site", "Diagnostics", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "SoftmaxTests", dependencies: ["Softmax"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics"]),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown"], exclude: ["Fixtures"]),
        .testTarget(name: "MathMLTests", dependencies: ["MathML"], exclude: ["Fixtures"]),
        .testTarget(name: "EvaluatorTests", dependencies: ["Evaluator"]),
        .testTarget(name: "SiteTests", dependencies: ["Site"], exclude: ["Fixtures", "Reference"]),
    ]
)
