/// Where a peer listens.
public struct PeerAddress: Hashable, Sendable {
    /// The peer's organisation identifier (as in genesis).
    public let organisationID: String
    /// Host (an IP address or name).
    public let host: String
    /// Port.
    public let port: Int

    /// Creates an address.
    public init(organisationID: String, host: String, port: Int) {
        self.organisationID = organisationID
        self.host = host
        self.port = port
    }

    /// "HOST:PORT" split, or nil when it is not that form (port 0...65535, host not empty).
    public static func hostPort(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else { return nil }
        let host = String(text[..<colon])
        return host.isEmpty ? nil : (host, port)
    }

    /// "ID=HOST:PORT" as `--peer` and the node config's `peer` take it, or nil when it is not that form.
    public init?(_ text: String) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, let address = Self.hostPort(parts[1]) else { return nil }
        self.init(organisationID: parts[0], host: address.host, port: address.port)
    }
}

/// Settings of one node's peer network; every queue, frame and retry has a named maximum.
public struct PeerNetworkConfiguration: Sendable {
    /// This node's organisation.
    public var localID: String
    /// Address the peer listener binds to.
    public var listenHost = "127.0.0.1"
    /// Port of the peer listener (0 picks a free one).
    public var listenPort = 0
    /// Where other nodes listen. This node dials those whose identifier sorts after its own and
    /// waits for the others to dial it, so each pair shares one connection. Every node genesis
    /// lists is a peer whether or not its address is here.
    public var peers: [PeerAddress]
    /// Dial every peer in `peers`, whatever its identifier: a non-validating node does, since
    /// validators are not configured with its address.
    public var dialsEveryPeer = false
    /// The largest frame payload accepted or sent, in bytes.
    public var frameBytesMax = ConsensusLimits.messageBytesMax
    /// Frames waiting for one peer; beyond it the oldest are dropped (consensus recovers lost
    /// messages through view changes and catch-up), so a slow peer cannot grow memory.
    public var outboundQueueFramesMax = 4096
    /// Bytes waiting for one peer.
    public var outboundQueueBytesMax = 64 << 20
    /// Messages received and not yet taken by the node; beyond it new ones are dropped.
    public var inboundMessagesMax = 16_384
    /// First reconnect delay; doubles per failed attempt up to `reconnectDelayMaxMs`, plus up
    /// to half again of random jitter so restarted peers do not dial in lockstep.
    public var reconnectDelayBaseMs = 100
    /// Longest reconnect delay.
    public var reconnectDelayMaxMs = 5000
    /// A connection without a completed, admitted handshake after this long is closed.
    public var handshakeTimeoutMs = 10_000
    /// Connections accepted at once (admitted or not).
    public var inboundConnectionsMax = 64
    /// Peer events kept for status and tests.
    public var eventsKeptMax = 256

    /// Creates settings for `localID` with `peers`; the rest have the defaults above.
    public init(localID: String, listenHost: String = "127.0.0.1", listenPort: Int = 0, peers: [PeerAddress]) {
        self.localID = localID
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.peers = peers
    }
}

/// Something that happened on the peer network (logged, and kept for status and tests).
public enum PeerEvent: Equatable, Sendable, CustomStringConvertible {
    /// A peer was admitted and connected.
    case connected(String)
    /// A connected peer's connection closed.
    case disconnected(String)
    /// A connection was refused: the remote address and why.
    case refused(remote: String, PeerRefusal)
    /// An admitted peer's connection was dropped for what it sent.
    case dropped(String, reason: String)

    public var description: String {
        switch self {
        case .connected(let peer): "peer \(peer) connected"
        case .disconnected(let peer): "peer \(peer) disconnected"
        case .refused(let remote, let reason): "refused \(remote): \(reason)"
        case .dropped(let peer, let reason): "dropped peer \(peer): \(reason)"
        }
    }
}

/// One peer's link as status shows it.
public struct PeerLinkStatus: Hashable, Sendable {
    /// The peer.
    public let organisationID: String
    /// Whether an admitted connection is open.
    public let isConnected: Bool
    /// Frames waiting to be sent.
    public let queuedFrames: Int
    /// Frames dropped because the queue was full.
    public let droppedFrames: Int
}
