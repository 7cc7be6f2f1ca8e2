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
        subcommands: [OpenCommand.self, NodeCommand.self, DevnetCommand.self, GenesisCommand.self, CACommand.self, KeysCommand.self, AnchorCommand.self, RPCCommand.self, ProofCommand.self,
                      VerifyCommand.self, BackupCommand.self, RestoreCommand.self, TrancheCommand.self, StatementCommand.self, ReplayCommand.self,
                      BenchCommand.self, SimulateCommand.self],
        defaultSubcommand: OpenCommand.self)
}

/// `fundchain [open]`: the terminal application on the embedded demo consortium. It is the
/// default subcommand, so `fundchain --data-dir DIR` reaches it (an option of the root
/// command would swallow the `--data-dir` of `fundchain node`).
struct OpenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the terminal application on the embedded demo consortium (the default).")

    @OptionGroup var languageOptions: LanguageOptions
    @Option(name: .long, help: "Where the embedded demo keeps its chain and keys (default: $XDG_DATA_HOME/fundchain/demo or ~/.local/share/fundchain/demo).")
    var dataDir: String?

    func run() async throws {
        let directory = EmbeddedDefault.dataDirectory(explicit: dataDir, environment: ProcessInfo.processInfo.environment)
        try await EmbeddedDefault.run(directory: directory, language: languageOptions.language)
    }
}
