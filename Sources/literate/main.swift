import ArgumentParser
import Foundation

// Exit status: 0 all well, 1 content errors, 2 bad usage (ArgumentParser's own default would be 64).
do {
    var command = try Literate.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch {
    let code = Literate.exitCode(for: error)
    if code == .success {
        print(Literate.fullMessage(for: error))
        Foundation.exit(0)
    }
    FileHandle.standardError.write(Data((Literate.fullMessage(for: error) + "\n").utf8))
    FileHandle.standardError.write(Data("Run 'literate help' for usage.\n".utf8))
    Foundation.exit(2)
}
