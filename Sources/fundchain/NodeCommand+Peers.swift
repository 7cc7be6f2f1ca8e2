import ArgumentParser
import EmbeddedNode
import Foundation
import Logging

/// The peer-network options of `fundchain node`: with them, a validator runs CBFT with the
/// other validators over mutual TLS instead of producing blocks alone.
struct PeerOptions: ParsableArguments {
    @Option(name: .long, help: "Address the peer listener binds to, HOST:PORT (port 0 picks a free one).")
    var peerListen: String?
    @Option(name: .long, help: "Another validator's peer address, ID=HOST:PORT (repeat for each).")
    var peer: [String] = []
    @Option(name: .long, help: "This node's certificate (PEM, from `fundchain ca issue`).")
    var nodeCert: String?
    @Option(name: .long, help: "This node's TLS private key (PEM).")
    var nodeKey: String?
    @Option(name: .long, help: "Consensus tick in milliseconds (view timeouts count ticks).")
    var tickMs = 100

    /// Whether the node joins a peer network.
    var isNetworked: Bool { peerListen != nil || !peer.isEmpty }

    /// The network configuration for `localID`, or a usage error naming the option.
    func configuration(localID: String) throws -> PeerNetworkConfiguration {
        guard let peerListen, let listen = Self.hostPort(peerListen) else { throw ValidationError("--peer-listen must be HOST:PORT") }
        var peers: [PeerAddress] = []
        for text in peer {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let address = Self.hostPort(parts[1]) else {
                throw ValidationError("--peer \(text): expected ID=HOST:PORT")
            }
            peers.append(PeerAddress(organisationID: parts[0], host: address.host, port: address.port))
        }
        guard (1...10_000).contains(tickMs) else { throw ValidationError("--tick-ms must be 1...10000") }
        return PeerNetworkConfiguration(localID: localID, listenHost: listen.host, listenPort: listen.port, peers: peers)
    }

    /// This node's TLS identity from --node-cert and --node-key.
    func identity() throws -> NodeCertificate {
        guard let nodeCert, let nodeKey else { throw ValidationError("--node-cert and --node-key are required with --peer-listen") }
        do { return try CertificateFiles.loadNode(certificatePath: nodeCert, keyPath: nodeKey) } catch {
            throw CommandFailure(error.message(chinese: false))
        }
    }

    static func hostPort(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else { return nil }
        let host = String(text[..<colon])
        return host.isEmpty ? nil : (host, port)
    }
}
