import Foundation
import Logging
import Workflow

/// A node's config file (`fundchain node --config FILE`, docs/CONFIG-NODE.md): the settings of
/// `fundchain node` as "key = value" lines of the same TOML subset as the client config
/// (`SettingsLines`). Every key is optional in the file; `genesis` and `data_dir` must come
/// from the file or the flags. Flags override the file, the file overrides the defaults.
/// Relative paths are relative to the file's folder. `peer` repeats, one line per peer.
///
/// ```toml
/// genesis = "genesis.json"
/// data_dir = "chain"
/// keystore = "keys/provincial-office.keystore"
/// passphrase_file = "passphrase"
/// rpc_listen = "127.0.0.1:7545"
/// peer_listen = "127.0.0.1:7600"
/// peer = "county-hq=10.0.0.2:7600"
/// node_cert = "nodes/provincial-office/node.pem"
/// node_key = "nodes/provincial-office/node-key.pem"
/// metrics_listen = "127.0.0.1:9464"
/// ```
public struct NodeConfig: Sendable, Equatable {
    /// The chain's genesis file.
    public var genesis: String?
    /// The directory holding the node's chain.
    public var dataDirectory: String?
    /// The validator's keystore.
    public var keystore: String?
    /// The file whose first line is the keystore's passphrase.
    public var passphraseFile: String?
    /// The JSON-RPC server's host, from `rpc_listen`.
    public var rpcHost: String?
    /// The JSON-RPC server's port, from `rpc_listen`.
    public var rpcPort: Int?
    /// The file holding the bearer token JSON-RPC clients must send.
    public var rpcTokenFile: String?
    /// The peer listener's address, "HOST:PORT".
    public var peerListen: String?
    /// The other validators' peer addresses, each "ID=HOST:PORT", in file order.
    public var peers: [String] = []
    /// This node's certificate (PEM).
    public var nodeCert: String?
    /// This node's TLS private key (PEM).
    public var nodeKey: String?
    /// The consensus tick in milliseconds.
    public var tickMs: Int?
    /// The least severe log level written.
    public var logLevel: Logger.Level?
    /// Where `GET /metrics` listens, "HOST:PORT" (nil: no metrics endpoint).
    public var metricsListen: String?
    /// Whether the metrics endpoint may bind to a non-loopback address.
    public var metricsAllowRemote: Bool?

    /// The keys a file may set, as they are written.
    public static let keyNames = ["genesis", "data_dir", "keystore", "passphrase_file", "rpc_listen", "rpc_token_file",
                                  "peer_listen", "peer", "node_cert", "node_key", "tick_ms", "log_level",
                                  "metrics_listen", "metrics_allow_remote"]
    /// The keys that may be given on several lines.
    public static let repeatableKeyNames: Set = ["peer"]
    /// The range `tick_ms` (and `--tick-ms`) must be in.
    public static let tickMsRange = 1...10_000

    /// Creates a config with nothing set.
    public init() {}

    /// Reads a config file's text; `directory` is the file's folder, for relative paths. An
    /// unknown key, a key given twice, a bad value, a line without "=", and peer settings
    /// without what they need (`peer` without `peer_listen`; `peer_listen` without
    /// `keystore`, `node_cert` and `node_key`) are refused naming the line and key.
    public static func parse(_ text: String, path: String, directory: URL) throws(SettingsFileError) -> NodeConfig {
        try parse(try SettingsLines.entries(text, path: path), path: path, directory: directory)
    }

    /// Reads a config file's entries (see `parse(_:path:directory:)`).
    public static func parse(_ entries: [SettingsLines.Entry], path: String, directory: URL) throws(SettingsFileError) -> NodeConfig {
        var config = NodeConfig()
        try SettingsLines.checkNames(entries, known: keyNames, repeatable: repeatableKeyNames, path: path)
        for entry in entries {
            let value = try entry.text(path: path)
            func refuse(_ chinese: String, _ english: String) -> SettingsFileError {
                entry.refusal(path: path, Bilingual("「\(entry.name)」\(chinese)", "\(entry.name) \(english)"))
            }
            let resolvedPath = SettingsLines.resolvedPath(value, directory: directory)
            switch entry.name {
            case "genesis": config.genesis = resolvedPath
            case "data_dir": config.dataDirectory = resolvedPath
            case "keystore": config.keystore = resolvedPath
            case "passphrase_file": config.passphraseFile = resolvedPath
            case "rpc_token_file": config.rpcTokenFile = resolvedPath
            case "node_cert": config.nodeCert = resolvedPath
            case "node_key": config.nodeKey = resolvedPath
            case "rpc_listen":
                guard let address = PeerAddress.hostPort(value) else { throw refuse("须形如 127.0.0.1:7545", "must be HOST:PORT, like 127.0.0.1:7545") }
                config.rpcHost = address.host
                config.rpcPort = address.port
            case "peer_listen":
                guard PeerAddress.hostPort(value) != nil else { throw refuse("须形如 127.0.0.1:7600", "must be HOST:PORT, like 127.0.0.1:7600") }
                config.peerListen = value
            case "peer":
                guard PeerAddress(value) != nil else { throw refuse("须形如 county-hq=10.0.0.2:7600", "must be ID=HOST:PORT, like county-hq=10.0.0.2:7600") }
                config.peers.append(value)
            case "tick_ms":
                guard let tickMs = Int(value), tickMsRange.contains(tickMs) else {
                    throw refuse("须为 \(tickMsRange.lowerBound) 到 \(tickMsRange.upperBound) 的整数", "must be a whole number \(tickMsRange.lowerBound)...\(tickMsRange.upperBound)")
                }
                config.tickMs = tickMs
            case "log_level":
                guard let level = Logger.Level(rawValue: value) else {
                    let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                    throw refuse("须为 \(levels) 之一", "must be one of \(levels)")
                }
                config.logLevel = level
            case "metrics_listen":
                guard PeerAddress.hostPort(value) != nil else { throw refuse("须形如 127.0.0.1:9464", "must be HOST:PORT, like 127.0.0.1:9464") }
                config.metricsListen = value
            case "metrics_allow_remote":
                guard let allow = ["true": true, "false": false][value] else { throw refuse("须为 true 或 false", "must be true or false") }
                config.metricsAllowRemote = allow
            default: preconditionFailure("keyNames lists every key handled here")
            }
        }
        try config.checkPeerSettings(entries, path: path)
        return config
    }

    /// This config with what it leaves unset taken from `base`: flags over a file, a file
    /// over nothing. Its peers replace the base's when it has any.
    public func overriding(_ base: NodeConfig) -> NodeConfig {
        var merged = NodeConfig()
        merged.genesis = genesis ?? base.genesis
        merged.dataDirectory = dataDirectory ?? base.dataDirectory
        merged.keystore = keystore ?? base.keystore
        merged.passphraseFile = passphraseFile ?? base.passphraseFile
        merged.rpcHost = rpcHost ?? base.rpcHost
        merged.rpcPort = rpcPort ?? base.rpcPort
        merged.rpcTokenFile = rpcTokenFile ?? base.rpcTokenFile
        merged.peerListen = peerListen ?? base.peerListen
        merged.peers = peers.isEmpty ? base.peers : peers
        merged.nodeCert = nodeCert ?? base.nodeCert
        merged.nodeKey = nodeKey ?? base.nodeKey
        merged.tickMs = tickMs ?? base.tickMs
        merged.logLevel = logLevel ?? base.logLevel
        merged.metricsListen = metricsListen ?? base.metricsListen
        merged.metricsAllowRemote = metricsAllowRemote ?? base.metricsAllowRemote
        return merged
    }

    /// Refuses peer settings that cannot run: `peer` lines without `peer_listen`, or
    /// `peer_listen` without the validator's keystore and the node's certificate and key.
    private func checkPeerSettings(_ entries: [SettingsLines.Entry], path: String) throws(SettingsFileError) {
        if peerListen == nil, let peerLine = entries.first(where: { $0.name == "peer" }) {
            throw peerLine.refusal(path: path, Bilingual("有 peer 却没有 peer_listen", "peer is set but peer_listen is not"))
        }
        guard let listenLine = entries.first(where: { $0.name == "peer_listen" }) else { return }
        let missing = [("keystore", keystore), ("node_cert", nodeCert), ("node_key", nodeKey)].filter { $0.1 == nil }.map { $0.0 }
        guard missing.isEmpty else {
            let names = missing.joined(separator: ", ")
            throw listenLine.refusal(path: path, Bilingual("有 peer_listen 时须设定 \(names)", "peer_listen needs \(names) set too"))
        }
    }
}
