import ArgumentParser
import Canonical
import EmbeddedNode
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOPosix

/// `fundchain node`: runs an organisation's node headless: its chain in a data directory,
/// JSON-RPC for other systems and terminals, and (as the chain's single validator, when given
/// the validator's keystore) block production.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Run a node headless with JSON-RPC (see docs/RPC.md).")

    @Option(name: .long, help: "The chain's genesis file.")
    var genesis: String
    @Option(name: .long, help: "Directory holding this node's chain (created if missing).")
    var dataDir: String
    @Option(name: .long, help: "The validator's keystore; without it the node serves but does not produce blocks.")
    var keystore: String?
    @OptionGroup var passphraseOptions: PassphraseOptions
    @Option(name: .long, help: "Address the JSON-RPC server binds to.")
    var rpcHost = "127.0.0.1"
    @Option(name: .long, help: "JSON-RPC port (0 picks a free one; the chosen port is printed).")
    var rpcPort = 7545
    @Option(name: .long, help: "File holding the bearer token clients must send (required off loopback).")
    var rpcTokenFile: String?
    @OptionGroup var peerOptions: PeerOptions

    func run() async throws {
        let logger = Logger(label: "fundchain.node")
        let chainGenesis = try GenesisCommand.load(genesis)
        let validator = try loadValidator()
        let node: Node
        do {
            node = try Node(genesis: chainGenesis, dataDirectory: URL(fileURLWithPath: dataDir), validator: validator)
        } catch {
            throw CommandFailure("cannot start the node on \(dataDir): \(error)")
        }
        var registry = RPCMethodRegistry()
        NodeRPCService(node: node).register(on: &registry)
        let token = try rpcTokenFile.map { path -> String in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CommandFailure("cannot read --rpc-token-file \(path)") }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let server = JSONRPCServer(configuration: NodeRPCService.serverConfiguration(host: rpcHost, port: rpcPort, bearerToken: token),
                                   registry: registry, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger)
        let consensus = try await startConsensus(node: node, genesis: chainGenesis, validator: validator, logger: logger)
        let port = try await server.start()
        let tip = await node.chainTip
        let peerText = consensus.map { "  peer-port \($0.port)" } ?? ""
        print("rpc http://\(rpcHost):\(port)  chain \(chainGenesis.chainID)  height \(tip.height)  validator \(validator?.id ?? "-")\(peerText)")
        fflush(nil)   // scripts wait for this line
        let producer = Task {
            if let driver = consensus?.driver { await driver.run() } else { await Self.produceBlocks(node, logger: logger) }
        }
        await Self.waitForTerminationSignal()
        producer.cancel()
        _ = await producer.result
        await consensus?.network.stop()
        await server.stop()
        await node.close()
        print("stopped at height \(await node.chainTip.height)")
    }

    /// With the peer options: the peer network and the consensus driver (not yet running).
    private func startConsensus(node: Node, genesis: Genesis, validator: (id: String, key: SigningKey)?,
                                logger: Logger) async throws -> (network: PeerNetwork, driver: ConsensusDriver, port: Int)? {
        guard peerOptions.isNetworked else { return nil }
        guard let validator else { throw ValidationError("--keystore (the validator's key) is required with --peer-listen") }
        let network: PeerNetwork
        do {
            network = try PeerNetwork(configuration: try peerOptions.configuration(localID: validator.id), genesis: genesis,
                                      identity: try peerOptions.identity(), logger: logger)
        } catch let error as ConsortiumCAError {
            throw CommandFailure(error.message(chinese: false))
        }
        let port = try await network.start()
        do {
            let driver = try await ConsensusDriver(node: node, network: network, validator: validator, tickMs: peerOptions.tickMs, logger: logger)
            return (network, driver, port)
        } catch {
            await network.stop()
            throw CommandFailure("cannot start consensus: \(error)")
        }
    }

    private func loadValidator() throws -> (id: String, key: SigningKey)? {
        guard let keystore else { return nil }
        guard let data = FileManager.default.contents(atPath: keystore) else { throw CommandFailure("cannot read --keystore \(keystore)") }
        let passphrase = try passphraseOptions.passphrase(prompt: "Passphrase for \(keystore): ")
        do {
            let opened = try Keystore.open(data, passphrase: passphrase)
            return (opened.organisation, opened.key)
        } catch {
            throw CommandFailure("\(keystore): \(error.message(false))")
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
