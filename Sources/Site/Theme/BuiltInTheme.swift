import Foundation

/// The built-in theme: the repository's `Templates/`, compiled into literate, so that a site without
/// templates of its own still gets a layout, search and assets (as mdBook's default theme works); a
/// site's own `Templates/` overrides it file by file.
///
/// The bytes are SwiftPM's `embedInCode` resources of the Site target, read through `Theme/Files`, a
/// link to `Templates/`: one copy of each file, no generated source. A file added to `Templates/` is
/// listed in Package.swift and below (`BuiltInThemeTests` checks that the three agree).
enum BuiltInTheme {
    /// Every file, by path relative to the templates folder.
    static let files: [String: [UInt8]] = [
        "layout.mustache": PackageResources.layout_mustache,
        "search.mustache": PackageResources.search_mustache,
        "assets/favicon.svg": PackageResources.favicon_svg,
        "assets/reader.js": PackageResources.reader_js,
        "assets/search.js": PackageResources.search_js,
        "assets/style.css": PackageResources.style_css,
    ]

    /// How diagnostics name a built-in file.
    static func displayPath(_ name: String) -> String { "(built-in theme)/\(name)" }

    /// The bytes of the built-in file `name` (a path relative to the templates folder).
    static func data(_ name: String) -> Data? { files[name].map { Data($0) } }
}
