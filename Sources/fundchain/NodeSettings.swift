import ArgumentParser
import EmbeddedNode
import Foundation
import Logging
import Workflow

/// What a node runs with: the flags of `fundchain node`, over the node config file
/// (`--config`, docs/CONFIG-NODE.md), over the defaults.
struct NodeSettings {
    /// The chain's genesis file.
    let genesis: String
    /// The directory holding the node's chain.
    let dataDirectory: String
    /// The validator's keystore, when the node validates.
    let keystore: String?
    /// Where the keystore's passphrase comes from.
    let passphrase: PassphraseOptions
    /// The JSON-RPC server's host.
    let rpcHost: String
    /// The JSON-RPC server's port (0 picks a free one).
    let rpcPort: Int
    /// The file holding the JSON-RPC bearer token.
    let rpcTokenFile: String?
    /// The peer network's settings (`isNetworked` when there is one).
    let peers: NodeConfig
    /// The least severe log level written.
    let logLevel: Logger.Level
    /// Where `GET /metrics` listens, when it does.
    let metricsListen: (host: String, port: Int)?
    /// Whether the metrics endpoint may bind to a non-loopback address.
    let metricsAllowRemote: Bool
    /// The language of what the node's start says to the operator (logs stay English).
    let language: Language

    /// The default JSON-RPC host.
    static let defaultRPCHost = "127.0.0.1"
    /// The default JSON-RPC port.
    static let defaultRPCPort = 7545

    /// The settings of `config` (the flags over the `--config` file at `path`, when there is
    /// one) over the defaults; a missing genesis or data directory stops the command, in `l`.
    init(_ config: NodeConfig, path: String?, language l: Language) throws {
        language = l
        func required(_ value: String?, flagName: String, key: String) throws -> String {
            if let value { return value }
            guard let path else {
                throw ValidationError(l.pick("须给出 --\(flagName)（或在 --config 文件中设 `\(key)`）", "--\(flagName) is required (or `\(key)` in --config FILE)"))
            }
            throw CommandFailure(l.pick("\(path)：未设 \(key)，也未给出 --\(flagName)", "\(path): \(key) is not set and --\(flagName) is not given"))
        }
        genesis = try required(config.genesis, flagName: "genesis", key: "genesis")
        dataDirectory = try required(config.dataDirectory, flagName: "data-dir", key: "data_dir")
        keystore = config.keystore
        passphrase = PassphraseOptions(passphraseFile: config.passphraseFile)
        rpcHost = config.rpcHost ?? Self.defaultRPCHost
        rpcPort = config.rpcPort ?? Self.defaultRPCPort
        rpcTokenFile = config.rpcTokenFile
        peers = config
        logLevel = config.logLevel ?? .info
        metricsListen = try config.metricsListen.map { value in
            guard let address = PeerAddress.hostPort(value) else {
                throw ValidationError(l.pick("--metrics-listen 须为 主机:端口，如 127.0.0.1:9464", "--metrics-listen must be HOST:PORT, like 127.0.0.1:9464"))
            }
            return address
        }
        metricsAllowRemote = config.metricsAllowRemote ?? false
        if let metricsListen, let refusal = MetricsServer.remoteRefusal(host: metricsListen.host, allowRemote: metricsAllowRemote) {
            throw CommandFailure(refusal)
        }
    }

    /// The node config file at `path`, or a failure naming the file (and the line and key
    /// when it is refused).
    static func load(_ path: String, language: Language) throws -> NodeConfig {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandFailure(language.pick("无法读取配置文件 \(path)", "Cannot read the config file \(path)"))
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do { return try NodeConfig.parse(text, path: path, directory: folder) } catch { throw CommandFailure(error.message(language)) }
    }

    /// The validator's identifier and key from the keystore, or nil when there is none.
    func loadValidator() throws -> (id: String, key: SigningKey)? {
        guard let keystore else { return nil }
        guard let data = FileManager.default.contents(atPath: keystore) else {
            throw CommandFailure(language.pick("无法读取密钥文件 \(keystore)", "cannot read the keystore \(keystore)"))
        }
        let secret = try passphrase.passphrase(prompt: "Passphrase for \(keystore): ")
        do {
            let opened = try Keystore.open(data, passphrase: secret)
            return (opened.organisation, opened.key)
        } catch {
            throw CommandFailure("\(keystore): \(error.message(language == .chinese))")
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
