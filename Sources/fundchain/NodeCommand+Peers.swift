import ArgumentParser
import EmbeddedNode
import Foundation
import Logging

/// The peer-network flags of `fundchain node`, which override the node config's peer settings.
struct PeerOptions: ParsableArguments {
    @Option(name: .long, help: "Address the peer listener binds to, HOST:PORT (port 0 picks a free one).")
    var peerListen: String?
    @Option(name: .long, help: "Another validator's peer address, ID=HOST:PORT (repeat for each).")
    var peer: [String] = []
    @Option(name: .long, help: "This node's certificate (PEM, from `fundchain ca issue`).")
    var nodeCert: String?
    @Option(name: .long, help: "This node's TLS private key (PEM).")
    var nodeKey: String?
    @Option(name: .long, help: "Consensus tick in milliseconds (view timeouts count ticks; default 100).")
    var tickMs: Int?

    /// These options as node config settings (nil where not given).
    func settings(into config: inout NodeConfig) {
        config.peerListen = peerListen
        config.peers = peer
        config.nodeCert = nodeCert
        config.nodeKey = nodeKey
        config.tickMs = tickMs
    }
}

/// The peer-network settings of a node config (flags over the file): with them, a validator
/// runs CBFT with the other validators over mutual TLS instead of producing blocks alone.
extension NodeConfig {
    /// Whether the node joins a peer network.
    var isNetworked: Bool { peerListen != nil || !peers.isEmpty }

    /// The consensus tick: `tick_ms` (--tick-ms), else the default.
    var tickMsValue: Int { tickMs ?? 100 }

    /// The network configuration for `localID`, or a usage error naming the option.
    func configuration(localID: String) throws -> PeerNetworkConfiguration {
        guard let peerListen, let listen = PeerAddress.hostPort(peerListen) else { throw ValidationError("--peer-listen must be HOST:PORT") }
        var addresses: [PeerAddress] = []
        for text in peers {
            guard let address = PeerAddress(text) else { throw ValidationError("--peer \(text): expected ID=HOST:PORT") }
            addresses.append(address)
        }
        guard NodeConfig.tickMsRange.contains(tickMsValue) else { throw ValidationError("--tick-ms must be 1...10000") }
        return PeerNetworkConfiguration(localID: localID, listenHost: listen.host, listenPort: listen.port, peers: addresses)
    }

    /// This node's TLS identity from `node_cert` and `node_key` (--node-cert, --node-key).
    func identity() throws -> NodeCertificate {
        guard let nodeCert, let nodeKey else { throw ValidationError("--node-cert and --node-key are required with --peer-listen") }
        do { return try CertificateFiles.loadNode(certificatePath: nodeCert, keyPath: nodeKey) } catch {
            throw CommandFailure(error.message(chinese: false))
        }
    }
}
