import EmbeddedNode
import Foundation
import LedgerClient
import Logging
import TUI
import Workflow

/// `fundchain --config FILE` with a node config (docs/CONFIG-NODE.md): the organisation's own
/// node runs in this process, as `fundchain node` runs it (its chain, JSON-RPC for other
/// terminals, and, as a validator, consensus with its peers), and the terminal application
/// opens on it through `InProcessLedger`. The node stops when the person quits.
enum OrganisationNode {
    /// Starts the node of `settings`, runs the application with sign-in from the keystores in
    /// `keys`, and stops the node afterwards.
    static func run(settings: NodeSettings, keys: URL, language: Language, display: DisplayOptions, keyMap: KeyMap) async throws {
        var logger = Logger(label: "fundchain.organisation")
        logger.logLevel = .critical   // the terminal is the application's; log lines would garble it
        let running = try await NodeServices.start(settings, logger: logger)
        let session = EmbeddedDefault.session(node: running.node, genesis: running.genesis, keys: keys)
        guard !session.choices.isEmpty else {
            await running.stop()
            throw CommandFailure(language.pick("「\(keys.path)」中没有已知机构的密钥文件（keystore_dir）",
                                               "No keystore of a known organisation in \(keys.path) (keystore_dir)"))
        }
        await App.run(language: language, session: session, display: display, keyMap: keyMap)
        await running.stop()
    }
}
