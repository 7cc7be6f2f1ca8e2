import EmbeddedNode
import Foundation
import LedgerClient
import Logging
import TUI
import Workflow

/// The embedded default: the demo consortium in a per-user data directory (created on first
/// run, kept between runs), its single validator (the provincial office's demo key) running in
/// this process with a block-production task, and the terminal application on it.
enum EmbeddedDefault {
    /// The validator of the single-node demo.
    static let validatorID = "provincial-office"

    /// The data directory: `--data-dir`, else `$XDG_DATA_HOME/fundchain/demo`, else
    /// `~/.local/share/fundchain/demo`.
    static func dataDirectory(explicit: String?, environment: [String: String]) -> URL {
        if let explicit { return URL(fileURLWithPath: explicit) }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("fundchain/demo")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/fundchain/demo")
    }

    /// Creates the demo in `directory` on first run, starts its node, runs the application,
    /// and stops the node when the person quits.
    static func run(directory: URL, language: Language, display: DisplayOptions, keyMap: KeyMap) async throws {
        let genesisURL = directory.appendingPathComponent(DemoConsortium.genesisFileName)
        let genesis: Genesis
        do {
            if !FileManager.default.fileExists(atPath: genesisURL.path) {
                _ = try DemoConsortium.create(at: directory, validators: [validatorID])
            }
            genesis = try DemoConsortium.loadGenesis(at: genesisURL)
        } catch {
            throw CommandFailure(error.message(language))
        }
        let keys = directory.appendingPathComponent(DemoConsortium.keysFolderName)
        let validator: LedgerIdentity
        do {
            validator = try LedgerIdentity.load(keystoreAt: keys.appendingPathComponent("\(validatorID).keystore"),
                                                passphrase: DemoConsortium.demoPassphrase)
        } catch {
            throw CommandFailure(error.message(language))
        }
        let node: Node
        do {
            node = try Node(genesis: genesis, dataDirectory: directory.appendingPathComponent("chain"),
                            validator: (validator.organisationID, validator.key))
        } catch {
            throw CommandFailure(language.pick("无法启动本机节点：", "Cannot start the node: ") + "\(error)")
        }
        var logger = Logger(label: "fundchain.embedded")
        logger.logLevel = .critical   // the terminal is the application's; log lines would garble it
        let producer = Task { await NodeCommand.produceBlocks(node, logger: logger) }
        await App.run(language: language, session: session(node: node, genesis: genesis, keys: keys), display: display, keyMap: keyMap)
        producer.cancel()
        _ = await producer.result
        await node.close()
    }

    /// The session: every keystore in `keys` whose organisation the genesis knows, signing in
    /// through an `InProcessLedger` on `node`.
    static func session(node: Node, genesis: Genesis, keys: URL) -> AppSession {
        KeystoreSession.make(node: .local, keys: keys, organisations: genesis.organisations.map(\.organisation)) { identity in
            InProcessLedger(node: node, identity: identity)
        }
    }
}
