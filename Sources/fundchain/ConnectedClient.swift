import EmbeddedNode
import Foundation
import LedgerClient
import TUI
import Workflow

/// `fundchain --connect URL`: the terminal application as a thin client of a node running
/// elsewhere, over JSON-RPC through `RemoteLedger`. Sign-in opens the keystores of
/// `--keystore-dir`; their organisations' names come from the genesis file beside that folder
/// (a demo directory's layout), else from the demo consortium.
enum ConnectedClient {
    /// Checks that the node answers, then runs the application on it.
    static func run(connection: NodeConnectionOptions, keys: URL, language: Language, display: DisplayOptions, keyMap: KeyMap) async throws {
        let client = try connection.client(language: language)
        defer { Task { await client.close() } }
        do {
            _ = try await client.call("fc_health", timeout: .seconds(10))
        } catch {
            if case .rpc(let refusal) = error, refusal.code == .unauthorized {
                throw CommandFailure(language.pick(
                    "节点 \(connection.url) 拒绝无正确令牌的调用：请用 --token-file 给出其令牌文件（演示联盟的令牌在其数据目录的 \(EmbeddedAttachment.tokenFileName)）",
                    "The node at \(connection.url) refuses calls without its token: give its token file with --token-file (the demo consortium's is \(EmbeddedAttachment.tokenFileName) in its data directory)"))
            }
            throw CommandFailure(language.pick("无法连接节点 \(connection.url)：\(error)", "Cannot reach the node at \(connection.url): \(error)"))
        }
        let session = KeystoreSession.make(node: .remote(connection.url), keys: keys, organisations: organisations(besideKeys: keys)) { identity in
            RemoteLedger(client: client, identity: identity)
        }
        guard !session.choices.isEmpty else {
            throw CommandFailure(language.pick("「\(keys.path)」中没有已知机构的密钥文件（--keystore-dir）",
                                               "No keystore of a known organisation in \(keys.path) (--keystore-dir)"))
        }
        await App.run(language: language, session: session, display: display, keyMap: keyMap)
    }

    /// The organisations of the genesis beside `keys`, or the demo consortium's.
    static func organisations(besideKeys keys: URL) -> [Organisation] {
        let genesisURL = keys.deletingLastPathComponent().appendingPathComponent(DemoConsortium.genesisFileName)
        guard let genesis = try? DemoConsortium.loadGenesis(at: genesisURL) else { return DemoConsortium.organisations }
        return genesis.organisations.map(\.organisation)
    }
}
