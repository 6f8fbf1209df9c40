import ArgumentParser
import Site

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a new site: Content/index.md (a live block, a stated value, an equation) and site.yml.",
        discussion: """
            The new site uses the built-in theme; a Templates/ folder beside Content/ overrides it file by
            file (layout.mustache, partials, assets/style.css). Nothing is overwritten: a folder that
            already has a Content/ folder is refused.
            """
    )

    @Argument(help: "Folder of the new site (made if missing).") var folder = "."

    func run() throws {
        do {
            let written = try SiteScaffold.write(into: folder)
            for path in written { Terminal.info("wrote \(path)") }
            let enter = folder == "." ? "" : "cd \(folder) && "
            Terminal.info("Next: \(enter)literate build (or literate serve to preview as you edit)")
        } catch {
            Terminal.printDiagnostics(error.diagnostics)
            throw ExitCode(1)
        }
    }
}
