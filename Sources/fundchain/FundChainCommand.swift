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
        subcommands: [TrancheCommand.self, StatementCommand.self, ReplayCommand.self, BenchCommand.self])

    @OptionGroup var languageOptions: LanguageOptions

    func run() throws {
        App.run(language: languageOptions.language)
    }
}
