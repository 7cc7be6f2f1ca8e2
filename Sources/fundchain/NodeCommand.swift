import ArgumentParser
import Canonical
import EmbeddedNode
import Foundation
import Logging
import NIOConcurrencyHelpers

/// `fundchain node`: runs an organisation's node headless: its chain in a data directory,
/// JSON-RPC for other systems and terminals, and (as the chain's single validator, when given
/// the validator's keystore) block production.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Run a node headless with JSON-RPC (see docs/RPC.md); `node status` reports a running node's health.",
        subcommands: [NodeStatusCommand.self])

    @Option(name: .long, help: "Node config file (docs/CONFIG-NODE.md); the flags override it.")
    var config: String?
    @Option(name: .long, help: "The chain's genesis file (required here or in --config).")
    var genesis: String?
    @Option(name: .long, help: "Directory holding this node's chain, created if missing (required here or in --config).")
    var dataDir: String?
    @Option(name: .long, help: "The validator's keystore; without it the node serves but does not produce blocks.")
    var keystore: String?
    @OptionGroup var passphraseOptions: PassphraseOptions
    @Option(name: .long, help: "Address the JSON-RPC server binds to (default 127.0.0.1).")
    var rpcHost: String?
    @Option(name: .long, help: "JSON-RPC port (default 7545; 0 picks a free one; the chosen port is printed).")
    var rpcPort: Int?
    @Option(name: .long, help: "File holding the bearer token clients must send (required off loopback).")
    var rpcTokenFile: String?
    @OptionGroup var peerOptions: PeerOptions
    @Option(name: .long, help: "Least severe log level written: trace, debug, info, notice, warning, error, critical (default info).")
    var logLevel: Logger.Level?
    @Option(name: .long, help: "Serve GET /metrics (Prometheus text) on HOST:PORT, e.g. 127.0.0.1:9464; loopback only unless --metrics-allow-remote.")
    var metricsListen: String?
    @Flag(name: .long, help: "Let --metrics-listen bind a non-loopback address (the endpoint has no authentication).")
    var metricsAllowRemote = false

    @OptionGroup var languageOptions: LanguageOptions

    func run() async throws {
        let file = try config.map { try NodeSettings.load($0, language: languageOptions.language) } ?? NodeConfig()
        let settings = try NodeSettings(flagSettings.overriding(file), path: config, language: languageOptions.language)
        var logger = Logger(label: "fundchain.node")
        logger.logLevel = settings.logLevel
        let services = try await NodeServices.start(settings, logger: logger)
        let tip = await services.node.chainTip
        let peerText = services.peerPort.map { "  peer-port \($0)" } ?? ""
        let metricsText = services.metricsPort.map { "  metrics http://\(settings.metricsListen?.host ?? ""):\($0)/metrics" } ?? ""
        print("rpc http://\(settings.rpcHost):\(services.rpcPort)  chain \(services.genesis.chainID)  height \(tip.height)  validator \(services.validatorID ?? "-")\(peerText)\(metricsText)")
        fflush(nil)   // scripts wait for this line
        await Self.waitForTerminationSignal()
        await services.stop()
        print("stopped at height \(await services.node.chainTip.height)")
    }

    /// The flags as node config settings (nil where not given).
    private var flagSettings: NodeConfig {
        var flags = NodeConfig()
        flags.genesis = genesis
        flags.dataDirectory = dataDir
        flags.keystore = keystore
        flags.passphraseFile = passphraseOptions.passphraseFile
        flags.rpcHost = rpcHost
        flags.rpcPort = rpcPort
        flags.rpcTokenFile = rpcTokenFile
        peerOptions.settings(into: &flags)
        flags.logLevel = logLevel
        flags.metricsListen = metricsListen
        flags.metricsAllowRemote = metricsAllowRemote ? true : nil
        return flags
    }

    /// With the peer options: the peer network and what runs over it (not yet running): the
    /// consensus driver of a validator, or, without a validator keystore, the follower of a
    /// non-validating node, whose organisation is the one genesis lists its node key for.
    static func startConsensus(node: Node, genesis: Genesis, validator: (id: String, key: SigningKey)?, peers peerOptions: NodeConfig,
                               logger: Logger) async throws -> (network: PeerNetwork, run: @Sendable () async -> Void, port: Int)? {
        guard peerOptions.isNetworked else { return nil }
        let identity = try peerOptions.identity()
        let network: PeerNetwork
        do {
            let nodeKeys = await node.epoch(at: node.chainTip.height + 1).nodeKeys
            if let validator {
                network = try PeerNetwork(configuration: try peerOptions.configuration(localID: validator.id), genesis: genesis,
                                          identity: identity, nodeKeys: nodeKeys, logger: logger)
            } else {
                guard let organisationID = nodeKeys.organisation(presenting: identity.nodeKey) else {
                    throw CommandFailure("--node-cert: its key is registered for no organisation (in genesis or through governance)")
                }
                var configuration = try peerOptions.configuration(localID: organisationID)
                configuration.dialsEveryPeer = true
                network = try PeerNetwork(configuration: configuration, genesis: genesis, identity: identity, nodeKeys: nodeKeys, logger: logger)
            }
        } catch let error as ConsortiumCAError {
            throw CommandFailure(error.message(chinese: false))
        }
        if !network.isOwnKeyRegistered {
            let height = await node.chainTip.height
            logger.notice("this node's certificate is not registered in its chain yet (height \(height)): peers admit it once their chain registers it (governance: add validator or renew), and it catches up from them then")
        }
        let port = try await network.start()
        guard let validator else {
            let follower = ReplicaFollower(node: node, network: network, tickMs: peerOptions.tickMsValue, logger: logger)
            return (network, { await follower.run() }, port)
        }
        do {
            let driver = try await ConsensusDriver(node: node, network: network, validator: validator, tickMs: peerOptions.tickMsValue, logger: logger)
            return (network, { await driver.run() }, port)
        } catch {
            await network.stop()
            throw CommandFailure("cannot start consensus: \(error)")
        }
    }

    /// Cuts blocks while the node runs: checks every few milliseconds whether one is due.
    static func produceBlocks(_ node: Node, logger: Logger) async {
        let pollMs = max(1, min(await node.genesis.consensus.batchTimeoutMs / 4, 50))
        while !Task.isCancelled {
            do {
                if let block = try await node.produceBlockIfDue() {
                    logger.info("committed", metadata: ["height": "\(block.block.header.height)", "transactions": "\(block.block.transactions.count)"])
                }
            } catch {
                logger.critical("block production stopped: \(error)")
                return
            }
            try? await Task.sleep(for: .milliseconds(pollMs))
        }
    }

    /// Returns when SIGINT or SIGTERM arrives.
    private static func waitForTerminationSignal() async {
        var sources: [any DispatchSourceSignal] = []
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumed = NIOLockedValueBox(false)
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler {
                    let first = resumed.withLockedValue { wasResumed in
                        defer { wasResumed = true }
                        return !wasResumed
                    }
                    if first { continuation.resume() }
                }
                source.resume()
                sources.append(source)
            }
        }
        withExtendedLifetime(sources) {}
    }
}
