import EmbeddedNode
import Foundation
import Logging
import NIOPosix

/// A node started from its settings, as `fundchain node` and `fundchain --config FILE` (a node
/// config) run it: its chain, JSON-RPC for other systems and terminals, and block production
/// or, with peers, consensus over the peer network (replication without voting when the node
/// has no validator keystore). `stop` ends them all.
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
    private let server: JSONRPCServer
    private let network: PeerNetwork?
    private let producer: Task<Void, Never>

    /// Opens the chain and starts JSON-RPC and block production or consensus; whatever had
    /// started is stopped again when a later step fails.
    static func start(_ settings: NodeSettings, logger: Logger) async throws -> NodeServices {
        let genesis = try GenesisCommand.load(settings.genesis)
        let validator = try settings.loadValidator()
        let node: Node
        do {
            node = try Node(genesis: genesis, dataDirectory: URL(fileURLWithPath: settings.dataDirectory), validator: validator)
        } catch {
            throw CommandFailure("cannot start the node on \(settings.dataDirectory): \(error)")
        }
        var registry = RPCMethodRegistry()
        NodeRPCService(node: node).register(on: &registry)
        let consensus: (network: PeerNetwork, run: @Sendable () async -> Void, port: Int)?
        let server: JSONRPCServer
        let rpcPort: Int
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
        } catch {
            await node.close()
            throw error
        }
        let producer = Task {
            if let run = consensus?.run { await run() } else { await NodeCommand.produceBlocks(node, logger: logger) }
        }
        return NodeServices(node: node, genesis: genesis, validatorID: validator?.id, rpcPort: rpcPort, peerPort: consensus?.port,
                            server: server, network: consensus?.network, producer: producer)
    }

    /// Stops block production or consensus, the peer network, JSON-RPC and the node, in that order.
    func stop() async {
        producer.cancel()
        _ = await producer.result
        await network?.stop()
        await server.stop()
        await node.close()
    }
}
