import Diagnostics
import Foundation
import Testing

@Suite struct FileInputTests {
    private func scratch() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("literate-input-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func readsWhatWasWrittenEmptyFilesIncluded() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bytes = Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        for (name, data) in [("empty", Data()), ("small", Data("é\n".utf8)), ("large", bytes)] {
            #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: data))
            #expect(FileInput.contents(atPath: folder + "/" + name) == data, "\(name)")
        }
        #expect(FileInput.text(atPath: folder + "/empty") == "")
        #expect(FileInput.text(atPath: folder + "/small") == "é\n")
        #expect(FileInput.text(atPath: folder + "/large") == nil, "not UTF-8")
    }

    @Test func missingFilesAndFoldersAreNil() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(FileInput.contents(atPath: folder + "/missing") == nil)
        #expect(FileInput.contents(atPath: folder) == nil)
    }

    /// Files that report a size of 0 but have contents, as Foundation's reader handles them too.
    @Test func readsFilesWhoseSizeIsUnknown() throws {
        try #require(FileManager.default.fileExists(atPath: "/proc/self/status"))
        #expect(FileInput.text(atPath: "/proc/self/status")?.hasPrefix("Name:") == true)
    }
}
