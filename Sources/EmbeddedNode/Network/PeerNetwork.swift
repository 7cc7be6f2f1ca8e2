import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import X509

/// A message from an admitted peer.
public struct PeerEnvelope: Sendable {
    /// The sender, as its certificate proved.
    public let from: String
    /// What it sent.
    public let message: PeerMessage
}

/// The validators' peer network: mutual TLS 1.3 with certificates of the genesis CA, one
/// connection per pair of validators, length-prefixed frames of canonical `PeerMessage`s.
///
/// Admission: a peer is accepted only after its certificate chains to the genesis CA and carries
/// the node key genesis lists for an organisation (`PeerAdmission`); anything else is refused and
/// logged with the remote address and the reason. A frame that is too long or does not decode
/// closes that connection only. Dialled peers are redialled with exponential backoff and jitter.
/// Each peer has a bounded outbound queue drained only while its channel is writable, so a slow
/// peer holds at most `outboundQueueBytesMax` of this node's memory.
public final class PeerNetwork: Sendable {
    /// The settings.
    public let configuration: PeerNetworkConfiguration
    let admission: PeerAdmission
    /// The organisations whose node keys genesis lists: they dial one another by identifier;
    /// a node that joined later dials them (their operators may not know its address).
    let genesisNodeIDs: Set<String>
    let serverContext: NIOSSLContext
    let clientContext: NIOSSLContext
    let group: any EventLoopGroup
    let logger: Logger
    let state: NIOLockedValueBox<State>
    let inboundContinuation: AsyncStream<PeerEnvelope>.Continuation
    /// Messages from admitted peers, in arrival order per peer.
    public let inbound: AsyncStream<PeerEnvelope>

    struct Link {
        var channel: (any Channel)?
        /// The node key the connected peer presented.
        var nodeKey: [UInt8]?
        var queue = CircularBuffer<ByteBuffer>()
        var queuedBytes = 0
        var droppedFrames = 0
    }

    struct State {
        var links: [String: Link] = [:]
        var serverChannel: (any Channel)?
        var dialers: [Task<Void, Never>] = []
        var events: [PeerEvent] = []
        var inboundConnections = 0
        var stopped = false
        /// The node keys in force (genesis, then chain state as the node commits).
        var nodeKeys: NodeKeyRegistry
    }

    /// A network for `configuration.localID` presenting `identity`, admitting per `genesis` and
    /// `nodeKeys`, the node keys in force in the node's chain state (genesis's when nil).
    public init(configuration: PeerNetworkConfiguration, genesis: Genesis, identity: NodeCertificate, nodeKeys: NodeKeyRegistry? = nil,
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) throws(ConsortiumCAError) {
        guard let admission = PeerAdmission(genesis: genesis) else { throw .invalid("genesis names no caCertificate: this chain has no peer network") }
        let nodeKeys = nodeKeys ?? genesis.initialNodeKeys
        try Self.checkOwnKey(identity.nodeKey, of: configuration.localID, nodeKeys: nodeKeys)
        self.configuration = configuration
        self.admission = admission
        genesisNodeIDs = Set(genesis.initialNodeKeys.entries.map(\.organisationID))
        do {
            serverContext = try PeerTLS.serverContext(ca: admission.caCertificate, identity: identity)
            clientContext = try PeerTLS.clientContext(ca: admission.caCertificate, identity: identity)
        } catch {
            throw .invalid("TLS setup: \(error)")
        }
        group = eventLoopGroup
        self.logger = logger
        // Every other node genesis lists is a peer: addresses are needed only to dial. A peer
        // given an address must be a genesis organisation (chain state may register its key later).
        var initial = State(nodeKeys: nodeKeys)
        for entry in nodeKeys.entries where entry.organisationID != configuration.localID {
            initial.links[entry.organisationID] = Link()
        }
        for peer in configuration.peers where initial.links[peer.organisationID] == nil {
            guard genesis.organisations.contains(where: { $0.organisation.id == peer.organisationID }) else {
                throw .invalid("peer \(peer.organisationID): not an organisation of genesis")
            }
            initial.links[peer.organisationID] = Link()
        }
        state = NIOLockedValueBox(initial)
        (inbound, inboundContinuation) = AsyncStream.makeStream(of: PeerEnvelope.self,
                                                                 bufferingPolicy: .bufferingOldest(configuration.inboundMessagesMax))
    }

    /// Starts listening and dialling. Returns the port the listener bound.
    public func start() async throws -> Int {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 64)
            .childChannelInitializer { [self] channel in acceptInitializer(channel) }
            .bind(host: configuration.listenHost, port: configuration.listenPort).get()
        let dialers = configuration.peers.filter(dials).map { peer in
            Task { [self] in await dialLoop(peer) }
        }
        state.withLockedValue {
            $0.serverChannel = channel
            $0.dialers = dialers
        }
        guard let port = channel.localAddress?.port else { preconditionFailure("a bound listener has a port") }
        return port
    }

    /// Whether this node dials `peer` (exactly one side of each pair does, so the two never
    /// replace each other's connection): every peer when `dialsEveryPeer`; otherwise, between two
    /// genesis nodes or two later ones, the side with the lower identifier; between a genesis
    /// node and one that joined later, the later one.
    func dials(_ peer: PeerAddress) -> Bool {
        if configuration.dialsEveryPeer { return true }
        let localIsGenesisNode = genesisNodeIDs.contains(configuration.localID)
        guard localIsGenesisNode == genesisNodeIDs.contains(peer.organisationID) else { return !localIsGenesisNode }
        return peer.organisationID > configuration.localID
    }

    /// Stops dialling, closes every connection and the listener, and ends `inbound`.
    public func stop() async {
        let (server, dialers, channels) = state.withLockedValue { state in
            state.stopped = true
            return (state.serverChannel, state.dialers, state.links.values.compactMap(\.channel))
        }
        for dialer in dialers { dialer.cancel() }
        try? await server?.close()
        for channel in channels { try? await channel.close() }
        for dialer in dialers { await dialer.value }
        inboundContinuation.finish()
    }

    /// Queues `message` for `peer` (an unknown peer is ignored).
    public func send(_ message: PeerMessage, to peer: String) {
        guard let frame = frame(message) else { return }
        enqueue(frame, to: peer)
    }

    /// Queues `message` for every peer.
    public func broadcast(_ message: PeerMessage) {
        guard let frame = frame(message) else { return }
        for peer in peerIDs { enqueue(frame, to: peer) }
    }

    /// Every other node genesis lists, sorted.
    public var peerIDs: [String] { state.withLockedValue { $0.links.keys.sorted() } }

    /// Each peer's link, sorted by identifier.
    public func linkStatus() -> [PeerLinkStatus] {
        state.withLockedValue { state in
            state.links.keys.sorted().map { id in
                let link = state.links[id]!
                return PeerLinkStatus(organisationID: id, isConnected: link.channel != nil, queuedFrames: link.queue.count,
                                      droppedFrames: link.droppedFrames)
            }
        }
    }

    /// The most recent peer events, oldest first.
    public func recentEvents() -> [PeerEvent] { state.withLockedValue { $0.events } }

    // MARK: Outbound

    private func frame(_ message: PeerMessage) -> ByteBuffer? {
        let payload = message.canonicalBytes
        guard payload.count <= configuration.frameBytesMax else {
            logger.error("peer message of \(payload.count) bytes exceeds the frame limit; not sent")
            return nil
        }
        return PeerFrameDecoder.frame(payload)
    }

    private func enqueue(_ frame: ByteBuffer, to peer: String) {
        let channel: (any Channel)? = state.withLockedValue { state in
            guard var link = state.links[peer] else { return nil }
            while link.queue.count >= configuration.outboundQueueFramesMax
                || (!link.queue.isEmpty && link.queuedBytes + frame.readableBytes > configuration.outboundQueueBytesMax) {
                let dropped = link.queue.removeFirst()
                link.queuedBytes -= dropped.readableBytes
                link.droppedFrames += 1
            }
            link.queue.append(frame)
            link.queuedBytes += frame.readableBytes
            assert(link.queue.count <= configuration.outboundQueueFramesMax, "the outbound queue is bounded")
            state.links[peer] = link
            return link.channel
        }
        guard let channel else { return }
        channel.eventLoop.execute { self.drain(peer, channel: channel) }
    }

    /// Writes queued frames to `peer` while its channel accepts them (on the channel's loop).
    func drain(_ peer: String, channel: any Channel) {
        var wrote = false
        while channel.isWritable {
            let next: ByteBuffer? = state.withLockedValue { state in
                guard state.links[peer]?.channel === channel, let frame = state.links[peer]?.queue.popFirst() else { return nil }
                state.links[peer]!.queuedBytes -= frame.readableBytes
                return frame
            }
            guard let next else { break }
            channel.write(next, promise: nil)
            wrote = true
        }
        if wrote { channel.flush() }
    }

    // MARK: Connections

    private func acceptInitializer(_ channel: any Channel) -> EventLoopFuture<Void> {
        let accepted = state.withLockedValue { state in
            guard !state.stopped, state.inboundConnections < configuration.inboundConnectionsMax else { return false }
            state.inboundConnections += 1
            return true
        }
        guard accepted else {
            record(.refused(remote: "\(channel.remoteAddress.map { "\($0)" } ?? "?")", .handshakeFailed("too many connections")))
            return channel.close()
        }
        channel.closeFuture.whenComplete { [self] _ in state.withLockedValue { $0.inboundConnections -= 1 } }
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: serverContext))
            try addPeerHandlers(channel, expected: nil)
        }
    }

    private func addPeerHandlers(_ channel: any Channel, expected: String?) throws {
        let operations = channel.pipeline.syncOperations
        try operations.addHandler(ByteToMessageHandler(PeerFrameDecoder(frameBytesMax: configuration.frameBytesMax)))
        try operations.addHandler(PeerChannelHandler(network: self, expected: expected))
    }

    private func dialLoop(_ peer: PeerAddress) async {
        var failures = 0
        while !Task.isCancelled, !state.withLockedValue(\.stopped) {
            do {
                let channel = try await ClientBootstrap(group: group)
                    .connectTimeout(.milliseconds(Int64(configuration.handshakeTimeoutMs)))
                    .channelInitializer { [self] channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: clientContext, serverHostname: nil))
                            try addPeerHandlers(channel, expected: peer.organisationID)
                        }
                    }
                    .connect(host: peer.host, port: peer.port).get()
                let openedMs = Self.monotonicMs()
                try? await channel.closeFuture.get()
                // A connection that lasted resets the backoff; one refused at once keeps growing it.
                failures = Self.monotonicMs() - openedMs > 5000 ? 0 : failures + 1
            } catch {
                failures += 1
                logger.debug("dialling \(peer.organisationID) at \(peer.host):\(peer.port) failed: \(error)")
            }
            let delayMs = min(configuration.reconnectDelayMaxMs, configuration.reconnectDelayBaseMs << min(failures, 16))
            try? await Task.sleep(for: .milliseconds(delayMs + Int.random(in: 0...max(1, delayMs / 2))))
        }
    }

    static func monotonicMs() -> Int { Int(DispatchTime.now().uptimeNanoseconds / 1_000_000) }

    // MARK: Called by the channel handler

    /// Admits a handshaken certificate under the node keys in force.
    func admit(_ certificate: Certificate, expected: String?) -> Result<String, PeerRefusal> {
        admission.admit(certificate, expected: expected, nodeKeys: state.withLockedValue(\.nodeKeys))
    }

    /// An admitted connection for `peer`, which presented `nodeKey`: replaces (and closes) an
    /// older one, then sends what waits.
    func attach(_ peer: String, nodeKey: [UInt8], channel: any Channel) {
        let previous: (any Channel)?? = state.withLockedValue { state in
            guard !state.stopped, state.links[peer] != nil else { return .none }
            defer {
                state.links[peer]!.channel = channel
                state.links[peer]!.nodeKey = nodeKey
            }
            return .some(state.links[peer]!.channel)
        }
        guard case .some(let older) = previous else {
            channel.close(promise: nil)   // stopping, or this node's own key presented back to it
            return
        }
        older?.close(promise: nil)
        record(.connected(peer))
        drain(peer, channel: channel)
    }

    /// `channel` of `peer` closed.
    func detach(_ peer: String, channel: any Channel) {
        let wasCurrent = state.withLockedValue { state in
            guard state.links[peer]?.channel === channel else { return false }
            state.links[peer]!.channel = nil
            return true
        }
        if wasCurrent { record(.disconnected(peer)) }
    }

    func deliver(_ message: PeerMessage, from peer: String) {
        if case .dropped = inboundContinuation.yield(PeerEnvelope(from: peer, message: message)) {
            logger.warning("inbound queue full; dropped a message from \(peer)")
        }
    }

    func record(_ event: PeerEvent) {
        switch event {
        case .connected, .disconnected: logger.info("\(event)")
        case .refused, .dropped: logger.warning("\(event)")
        }
        state.withLockedValue { state in
            state.events.append(event)
            if state.events.count > configuration.eventsKeptMax { state.events.removeFirst(state.events.count - configuration.eventsKeptMax) }
        }
    }
}
