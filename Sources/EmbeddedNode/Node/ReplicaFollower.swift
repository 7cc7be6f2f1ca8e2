import Foundation
import Logging

/// Runs a node that replicates the chain without voting: an organisation that is not a
/// validator (or a node rebuilding from an empty data directory). It never signs a consensus
/// message. Over the peer network it:
///
/// - asks a connected validator for committed blocks (`PeerMessage.decidedRequest`) whenever a
///   consensus message shows a later height, and at least once a second; the next request goes
///   out as soon as the previous batch is applied, so an empty data directory rebuilds at the
///   speed of execution rather than of the request interval;
/// - applies each block only after its commit certificate verifies against the genesis
///   validators (`Node.commitDecided`), executing it with the certificate trusted for the
///   client signatures;
/// - forwards transactions submitted to it over JSON-RPC to every validator;
/// - serves committed blocks to peers that ask, like a validator.
///
/// A block this node cannot follow (a certificate that does not verify, an execution that
/// differs) is refused and logged; after a certified block whose execution differs it stops
/// (`haltReason`), as a validator does.
public actor ReplicaFollower {
    let node: Node
    let network: PeerNetwork
    let logger: Logger
    let tickMs: Int
    /// The validators in force at the next height (genesis, then governance): where requests and
    /// forwarded transactions go.
    var validatorIDs: [String]
    /// The highest height a peer's consensus message named.
    var seenHeight: Int64 = 0
    var lastRequestMs: Int64 = 0
    /// The height up to which the outstanding request asked.
    var requestedThrough: Int64 = 0
    var nextPeerIndex = 0
    /// Why the follower stopped, if it did.
    public private(set) var haltReason: String?

    /// The shortest interval between two requests while an earlier one is outstanding, in milliseconds.
    static let requestIntervalMs: Int64 = 300
    /// The longest interval between two requests, in milliseconds.
    static let pollIntervalMs: Int64 = 1000

    /// A follower of `node`'s chain over `network`, checking every `tickMs`.
    public init(node: Node, network: PeerNetwork, tickMs: Int = 100, logger: Logger) {
        self.node = node
        self.network = network
        self.tickMs = tickMs
        self.logger = logger
        validatorIDs = node.genesis.validatorIDs
    }

    /// Runs until cancelled.
    public func run() async {
        await followValidatorSet()
        let network = network
        let node = node
        await node.setTransactionForwarder { bytes in
            Task {
                for peer in await node.epoch(at: node.chainTip.height + 1).validators.validatorIDs { network.send(.transaction(bytes), to: peer) }
            }
        }
        await PeerLoop.run(network: network, tickMs: tickMs, receive: { await self.receive($0) }, tick: { await self.tick() })
        await node.setTransactionForwarder(nil)
    }

    func receive(_ envelope: PeerEnvelope) async {
        switch envelope.message {
        case .consensus(.decided(let decided)):
            await apply(decided, from: envelope.from)
        case .consensus(let message):
            seenHeight = max(seenHeight, message.height)
            await requestIfBehind(force: false)
        case .transaction:
            break   // validators batch transactions; a follower only forwards its own clients'
        case .decidedRequest(let fromHeight):
            do {
                for decided in try await node.decidedBlocks(fromHeight: fromHeight, limit: ConsensusDriver.decidedBlocksPerRequestMax) {
                    network.send(.consensus(.decided(decided)), to: envelope.from)
                }
            } catch {
                logger.error("reading committed blocks for \(envelope.from) failed: \(error)")
            }
        }
    }

    private func apply(_ decided: DecidedBlock, from peer: String) async {
        guard haltReason == nil else { return }
        let height = decided.block.header.height
        do {
            switch try await node.commitDecided(decided) {
            case .notNext:
                return
            case .refused(let reason):
                logger.warning("block \(height) from \(peer) refused: \(reason)")
            case .committed(let committed):
                seenHeight = max(seenHeight, height)
                await followValidatorSet()
                logger.debug("replicated", metadata: ["height": "\(height)", "from": "\(peer)", "transactions": "\(committed.block.transactions.count)"])
                if height >= requestedThrough { await requestIfBehind(force: true) }
            }
        } catch {
            logger.critical("replication stopped: block \(height) cannot be applied: \(error)")
            haltReason = "\(error)"
        }
    }

    func tick() async {
        let peers = network.linkStatus().filter(\.isConnected).map(\.organisationID)
        let tip = await node.chainTip.height
        await node.setNetworkStatus(Node.NetworkStatus(peerIDs: peers, isSyncing: seenHeight > tip + 1))
        if ConsensusDriver.nowMs() - lastRequestMs >= Self.pollIntervalMs {
            await requestIfBehind(force: true)
        } else {
            await requestIfBehind(force: false)
        }
    }

    /// Asks a connected validator for the blocks after the tip: when a later height was seen
    /// and the last request is older than the request interval, or at once with `force`.
    /// Takes the validators and node keys in force at the next height from the chain (a
    /// governance change applies at a later height; a revoked node key is dropped).
    private func followValidatorSet() async {
        let epoch = await node.epoch(at: node.chainTip.height + 1)
        validatorIDs = epoch.validators.validatorIDs
        network.updateNodeKeys(epoch.nodeKeys)
    }

    private func requestIfBehind(force: Bool) async {
        guard haltReason == nil else { return }
        let tip = await node.chainTip.height
        let now = ConsensusDriver.nowMs()
        guard force || (seenHeight > tip + 1 && now - lastRequestMs >= Self.requestIntervalMs) else { return }
        let connected = Set(network.linkStatus().filter(\.isConnected).map(\.organisationID))
        let candidates = validatorIDs.filter { connected.contains($0) }
        guard !candidates.isEmpty else { return }
        let peer = candidates[nextPeerIndex % candidates.count]
        nextPeerIndex += 1
        lastRequestMs = now
        requestedThrough = tip + Int64(ConsensusDriver.decidedBlocksPerRequestMax)
        network.send(.decidedRequest(fromHeight: tip + 1), to: peer)
    }
}
