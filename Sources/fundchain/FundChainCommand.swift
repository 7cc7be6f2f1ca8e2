import ArgumentParser
import Foundation
import TUI
import Workflow

/// `fundchain`: with no subcommand, opens the terminal application on the embedded default.
@main
struct FundChainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fundchain",
        abstract: "FundChain: poverty-relief funds on a permissioned chain (扶贫资金区块链).",
        discussion: "With no subcommand, opens the terminal application on the embedded demo consortium.",
        subcommands: [NodeCommand.self, GenesisCommand.self, KeysCommand.self, AnchorCommand.self, RPCCommand.self, ProofCommand.self, VerifyCommand.self,
                      BackupCommand.self, RestoreCommand.self, TrancheCommand.self, StatementCommand.self, ReplayCommand.self, BenchCommand.self, SimulateCommand.self])

    @OptionGroup var languageOptions: LanguageOptions

    func run() async throws {
        App.run(language: languageOptions.language)
    }
}
