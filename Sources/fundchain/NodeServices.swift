import EmbeddedNode
import Foundation
import Logging
import NIOPosix

/// A node started from its settings, as `fundchain node` and `fundchain --config FILE` (a node
/// config) run it: its chain, JSON-RPC for other systems and terminals, block production
/// or, with peers, consensus over the peer network (replication without voting when the node
/// has no validator keystore), and `GET /metrics` when asked for. `stop` ends them all.
struct NodeServices {
    /// The node.
    let node: Node
    /// Its chain's genesis.
    let genesis: Genesis
    /// The validator's organisation, when the node validates.
    let validatorID: String?
    /// The port JSON-RPC listens on.
    let rpcPort: Int
    /// The port the peer listener listens on, when there is a peer network.
    let peerPort: Int?
    /// The port `GET /metrics` listens on, when it does.
    let metricsPort: Int?
    private let server: JSONRPCServer
    private let metrics: MetricsServer?
    private let network: PeerNetwork?
    private let producer: Task<Void, Never>

    /// Opens the chain and starts JSON-RPC and block production or consensus; whatever had
    /// started is stopped again when a later step fails.
    static func start(_ settings: NodeSettings, logger: Logger) async throws -> NodeServices {
        try await start(settings, genesis: try GenesisCommand.load(settings.genesis, language: settings.language), validator: try settings.loadValidator(), logger: logger)
    }

    /// Starts the node of `settings` on `genesis` (already loaded) as `validator` (its key
    /// already opened): the embedded default opens the demo's keystores itself.
    static func start(_ settings: NodeSettings, genesis: Genesis, validator: (id: String, key: SigningKey)?,
                      logger: Logger) async throws -> NodeServices {
        let node = try openNode(dataDirectory: settings.dataDirectory, genesis: genesis, validator: validator)
        return try await start(settings, node: node, genesis: genesis, validator: validator, logger: logger)
    }

    /// Opens the chain in `dataDirectory`, verifying and replaying what is stored (the slow
    /// part of a start, which the embedded default does for its validators in parallel).
    static func openNode(dataDirectory: String, genesis: Genesis, validator: (id: String, key: SigningKey)?) throws -> Node {
        do {
            return try Node(genesis: genesis, dataDirectory: URL(fileURLWithPath: dataDirectory), validator: validator)
        } catch {
            throw CommandFailure("cannot start the node on \(dataDirectory): \(error)")
        }
    }

    /// Starts JSON-RPC and block production or consensus on `node` (opened by `openNode`),
    /// which is closed again when a step fails.
    static func start(_ settings: NodeSettings, node: Node, genesis: Genesis, validator: (id: String, key: SigningKey)?,
                      logger: Logger) async throws -> NodeServices {
        var registry = RPCMethodRegistry()
        NodeRPCService(node: node).register(on: &registry)
        let consensus: (network: PeerNetwork, run: @Sendable () async -> Void, port: Int)?
        let server: JSONRPCServer
        let rpcPort: Int
        let metrics: MetricsServer?
        let metricsPort: Int?
        do {
            let token = try settings.rpcTokenFile.map { path -> String in
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CommandFailure("cannot read the RPC token file \(path)") }
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            server = JSONRPCServer(configuration: NodeRPCService.serverConfiguration(host: settings.rpcHost, port: settings.rpcPort, bearerToken: token),
                                   registry: registry, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger)
            consensus = try await NodeCommand.startConsensus(node: node, genesis: genesis, validator: validator, peers: settings.peers, logger: logger)
            do { rpcPort = try await server.start() } catch {
                await consensus?.network.stop()
                throw CommandFailure("cannot listen for JSON-RPC on \(settings.rpcHost):\(settings.rpcPort): \(error)")
            }
            if let listen = settings.metricsListen {
                metrics = MetricsServer(node: node, host: listen.host, port: listen.port, allowRemote: settings.metricsAllowRemote, logger: logger)
                do { metricsPort = try await metrics?.start() } catch {
                    await server.stop()
                    await consensus?.network.stop()
                    throw CommandFailure("cannot serve metrics on \(listen.host):\(listen.port): \(error)")
                }
            } else {
                (metrics, metricsPort) = (nil, nil)
            }
        } catch {
            await node.close()
            throw error
        }
        let producer = Task {
            if let run = consensus?.run { await run() } else { await NodeCommand.produceBlocks(node, logger: logger) }
        }
        return NodeServices(node: node, genesis: genesis, validatorID: validator?.id, rpcPort: rpcPort, peerPort: consensus?.port,
                            metricsPort: metricsPort, server: server, metrics: metrics, network: consensus?.network, producer: producer)
    }

    /// Stops block production or consensus, the peer network, metrics, JSON-RPC and the node, in that order.
    func stop() async {
        producer.cancel()
        _ = await producer.result
        await network?.stop()
        await metrics?.stop()
        await server.stop()
        await node.close()
    }
}
