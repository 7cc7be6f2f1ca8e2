import ArgumentParser
import Foundation
import TUI
import Workflow

/// `fundchain`: with no subcommand, opens the terminal application on the embedded default.
@main
struct FundChainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fundchain",
        abstract: "FundChain: poverty-relief funds on a permissioned chain (扶贫资金区块链).",
        discussion: "With no subcommand, opens the terminal application on the embedded demo consortium.",
        subcommands: [TrancheCommand.self, StatementCommand.self, ReplayCommand.self])

    @Option(name: .long, help: "Language: zh or en (default: from LANGUAGE, LC_ALL, LC_MESSAGES, LANG).")
    var lang: String?

    func run() throws {
        App.run(language: Language.resolve(explicit: lang, environment: ProcessInfo.processInfo.environment))
    }
}
