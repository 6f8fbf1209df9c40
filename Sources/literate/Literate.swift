import ArgumentParser

struct Literate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "literate",
        abstract: "Builds a documentation site from Markdown whose Swift blocks compute every number it shows.",
        subcommands: [Build.self, Check.self, Eval.self, Serve.self, Init.self]
    )
}
