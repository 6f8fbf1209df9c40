// Shows the leak behind FuzzTemplates' RSS growth (Fuzz/Findings/README.md): Foundation's whole-file
// readers keep 4 KB per read of an empty file; FileHandle does not, nor does FileInput's fstat and
// read(2). Not part of any build. Run it again after a toolchain upgrade:
//
//     swiftc -O Fuzz/Findings/empty-file-read-leak.swift -o /tmp/empty-read && /tmp/empty-read
import Foundation

func residentKB() -> Int {
    let statm = FileManager.default.contents(atPath: "/proc/self/statm").flatMap { String(data: $0, encoding: .utf8) }
    return (Int(statm?.split(separator: " ")[1] ?? "") ?? 0) * Int(getpagesize()) / 1024
}

let path = NSTemporaryDirectory() + "/literate-empty-\(getpid())"
_ = FileManager.default.createFile(atPath: path, contents: Data())
defer { unlink(path) }
let readers: [(String, () -> Void)] = [
    ("FileManager.contents(atPath:)", { _ = FileManager.default.contents(atPath: path) }),
    ("String(contentsOfFile:)", { _ = try? String(contentsOfFile: path, encoding: .utf8) }),
    (
        "FileHandle.readToEnd()",
        {
            let handle = FileHandle(forReadingAtPath: path)!
            _ = try? handle.readToEnd()
            try? handle.close()
        }
    ),
]
for (name, read) in readers {
    let before = residentKB()
    for _ in 0..<20_000 { read() }
    print("\(name): \(residentKB() - before) KB more resident after 20,000 reads of an empty file")
}
