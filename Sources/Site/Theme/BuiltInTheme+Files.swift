import Foundation

extension BuiltInTheme {
    /// How diagnostics name a built-in file.
    static func displayPath(_ name: String) -> String { "(built-in theme)/\(name)" }

    /// The bytes of the built-in file `name` (a path relative to the templates folder).
    static func data(_ name: String) -> Data? {
        switch files[name] {
        case .text(let text): return Data(text.utf8)
        case .base64(let encoded): return Data(base64Encoded: encoded)
        case nil: return nil
        }
    }
}
