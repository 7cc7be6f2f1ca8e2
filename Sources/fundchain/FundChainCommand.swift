import ArgumentParser
import EmbeddedNode
import Foundation
import LedgerClient
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
                      BenchCommand.self, SimulateCommand.self, GovernanceCommand.self],
        defaultSubcommand: OpenCommand.self)
}

/// `fundchain [open]`: the terminal application, on the embedded demo consortium, on the
/// organisation's own node (`--config` with a node config), or, with `--connect` (or
/// `node_url` in `--config`), on a node running elsewhere. It is the default
/// subcommand, so `fundchain --data-dir DIR` reaches it (an option of the root command would
/// swallow the `--data-dir` of `fundchain node`). Flags override the config file, which
/// overrides the defaults.
struct OpenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the terminal application (the default): embedded demo consortium, or --connect to a node.",
        discussion: "The application does not use the mouse; --no-mouse is accepted for scripts that pass it.")

    @OptionGroup var languageOptions: LanguageOptions
    @Option(name: .long, help: "Where the embedded demo keeps its chain and keys (default: $XDG_DATA_HOME/fundchain/demo or ~/.local/share/fundchain/demo).")
    var dataDir: String?
    @Option(name: .long, help: "Config file: a client config (docs/CONFIG-CLIENT.md), or a node config (docs/CONFIG-NODE.md) whose node runs in this process.")
    var config: String?
    @Option(name: .long, help: "Attach to the node at this JSON-RPC URL (e.g. http://127.0.0.1:7545) instead of the embedded demo.")
    var connect: String?
    @Option(name: .long, help: "File holding the node's bearer token (with --connect).")
    var tokenFile: String?
    @Option(name: .long, help: "Folder of the organisations' keystores for --connect (default: the demo data directory's keys/).")
    var keystoreDir: String?
    @Option(name: .long, help: "Keys file rebinding actions (docs/KEYS.md).")
    var keysFile: String?
    @Flag(name: .long, help: "No colour (also NO_COLOR=1 or TERM=dumb).")
    var noColor = false
    @Flag(name: .long, help: "Draw ellipses, dots, arrows and box drawing as ASCII (for terminals that draw them double width).")
    var ascii = false
    @Flag(name: .long, help: "Accepted; the application does not use the mouse.")
    var noMouse = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let loaded = try loadConfig(language: languageOptions.language)
        let file = loaded.client
        let language = languageOptions.lang == nil ? (file.language ?? languageOptions.language) : languageOptions.language
        let display = DisplayOptions.resolve(noColorFlag: noColor, asciiFlag: ascii, config: file, environment: environment)
        let keyMap = try loadKeyMap(path: keysFile ?? file.keysFile, language: language)
        if let nodeConfig = loaded.node {
            guard connect == nil else {
                throw CommandFailure(language.pick("--connect 连接别处的节点，而 \(config ?? "") 运行本机构的节点：二者择一",
                                                   "--connect attaches to a node elsewhere and \(config ?? "") runs this organisation's node: give one"))
            }
            var flags = NodeConfig()
            flags.dataDirectory = dataDir
            let settings = try NodeSettings(flags.overriding(nodeConfig), path: config, language: language)
            guard let keys = keystoreDir ?? file.keystoreDirectory ?? settings.keystore.map({ URL(fileURLWithPath: $0).deletingLastPathComponent().path }) else {
                throw CommandFailure(language.pick("\(config ?? "")：未设定 keystore_dir（登录所用的密钥文件夹）",
                                                   "\(config ?? ""): keystore_dir (the keystores to sign in with) is not set"))
            }
            try await OrganisationNode.run(settings: settings, keys: URL(fileURLWithPath: keys), language: language, display: display, keyMap: keyMap)
            return
        }
        let directory = EmbeddedDefault.dataDirectory(explicit: dataDir ?? file.dataDirectory, environment: environment)
        guard let url = connect ?? file.nodeURL else {
            try await EmbeddedDefault.run(directory: directory, language: language, display: display, keyMap: keyMap)
            return
        }
        var connection = NodeConnectionOptions()
        connection.url = url
        connection.tokenFile = tokenFile ?? file.tokenFile
        let keys = keystoreDir ?? file.keystoreDirectory ?? directory.appendingPathComponent(DemoConsortium.keysFolderName).path
        try await ConnectedClient.run(connection: connection, keys: URL(fileURLWithPath: keys), language: language, display: display, keyMap: keyMap)
    }

    /// The `--config` file (a client config, or a node config with client keys beside), or
    /// nothing set when none was given.
    private func loadConfig(language: Language) throws -> ApplicationConfig {
        guard let config else { return ApplicationConfig() }
        guard let text = try? String(contentsOfFile: config, encoding: .utf8) else {
            throw CommandFailure(language.pick("无法读取配置文件 \(config)", "Cannot read the config file \(config)"))
        }
        let folder = URL(fileURLWithPath: config).deletingLastPathComponent()
        do { return try ApplicationConfig.parse(text, path: config, directory: folder) } catch { throw CommandFailure(error.message(language)) }
    }

    /// The keys file's map, or the defaults when none was given.
    private func loadKeyMap(path: String?, language: Language) throws -> KeyMap {
        guard let path else { return .standard }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandFailure(language.pick("无法读取按键文件 \(path)", "Cannot read the keys file \(path)"))
        }
        do { return try KeyMap.parse(text, path: path) } catch { throw CommandFailure(error.message(language)) }
    }
}
