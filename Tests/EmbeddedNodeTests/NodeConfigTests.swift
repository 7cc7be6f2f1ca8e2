import EmbeddedNode
import Foundation
import Logging
import Testing
import Workflow

/// The node config file (docs/CONFIG-NODE.md): every key read, relative paths resolved, and
/// bad files refused naming the line and key.
@Suite struct NodeConfigTests {
    static let folder = URL(fileURLWithPath: "/etc/fundchain")

    @Test func aNodeConfigSetsEveryKey() throws {
        let text = """
        # the provincial office's validator
        genesis = "genesis.json"
        data_dir = /var/lib/fundchain/chain
        keystore = "keys/provincial-office.keystore"
        passphrase_file = passphrase
        rpc_listen = "0.0.0.0:7545"
        rpc_token_file = "rpc.token"
        peer_listen = "127.0.0.1:7600"
        peer = "county-hq=10.0.0.2:7600"   # one line per peer
        peer = "bank=10.0.0.3:7600"
        node_cert = "nodes/node.pem"
        node_key = "nodes/node-key.pem"
        tick_ms = 50
        log_level = debug
        metrics_listen = "127.0.0.1:9464"
        metrics_allow_remote = false
        """
        let config = try NodeConfig.parse(text, path: "node.toml", directory: Self.folder)
        #expect(config.genesis == "/etc/fundchain/genesis.json")
        #expect(config.dataDirectory == "/var/lib/fundchain/chain")
        #expect(config.keystore == "/etc/fundchain/keys/provincial-office.keystore")
        #expect(config.passphraseFile == "/etc/fundchain/passphrase")
        #expect(config.rpcHost == "0.0.0.0")
        #expect(config.rpcPort == 7545)
        #expect(config.rpcTokenFile == "/etc/fundchain/rpc.token")
        #expect(config.peerListen == "127.0.0.1:7600")
        #expect(config.peers == ["county-hq=10.0.0.2:7600", "bank=10.0.0.3:7600"])
        #expect(config.nodeCert == "/etc/fundchain/nodes/node.pem")
        #expect(config.nodeKey == "/etc/fundchain/nodes/node-key.pem")
        #expect(config.tickMs == 50)
        #expect(config.logLevel == .debug)
        #expect(config.metricsListen == "127.0.0.1:9464" && config.metricsAllowRemote == false)
        #expect(try NodeConfig.parse("# nothing set\n", path: "n", directory: Self.folder) == NodeConfig())
    }

    @Test func aBadNodeConfigIsRefusedNamingKeyAndLine() {
        let cases: [(text: String, line: Int, english: String)] = [
            ("genesis = g.json\ngenesys = h.json", 2, "unknown key \"genesys\""),
            ("data_dir = a\ndata_dir = b", 2, "data_dir is already set on line 1"),
            ("rpc_listen = 7545", 1, "rpc_listen must be HOST:PORT"),
            ("rpc_listen = \"127.0.0.1:70000\"", 1, "rpc_listen must be HOST:PORT"),
            ("tick_ms = 0", 1, "tick_ms must be a whole number 1...10000"),
            ("tick_ms = fast", 1, "tick_ms must be a whole number"),
            ("log_level = loud", 1, "log_level must be one of trace, debug"),
            ("genesis = \"g.json", 1, "genesis: the value is empty or its quotes do not pair"),
            ("keystore =", 1, "keystore: the value is empty"),
            ("\ngenesis g.json", 2, "expected \"name = value\""),
            ("peer = \"bank\"", 1, "peer must be ID=HOST:PORT"),
            ("metrics_listen = 9464", 1, "metrics_listen must be HOST:PORT"),
            ("metrics_allow_remote = yes", 1, "metrics_allow_remote must be true or false"),
            ("genesis = g\npeer = \"bank=10.0.0.3:7600\"", 2, "peer is set but peer_listen is not"),
            ("keystore = k\n\npeer_listen = \"127.0.0.1:7600\"\nnode_key = k.pem", 3, "peer_listen needs node_cert set too"),
        ]
        for (text, line, english) in cases {
            do {
                _ = try NodeConfig.parse(text, path: "node.toml", directory: Self.folder)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.line == line, "\(text)")
                #expect(error.problem.english.hasPrefix(english), "\(error.problem.english)")
                #expect(error.message(.english).hasPrefix("node.toml line \(line): "))
                #expect(error.message(.chinese).hasPrefix("node.toml 第 \(line) 行："))
            }
        }
    }
}
