import Canonical
@testable import EmbeddedNode
import Foundation
import NodeTestSupport
import Testing

/// Node certificates follow chain state: when the node keys in force revoke a connected
/// peer's key, the connection is dropped with the peer named and the peer is refused when it
/// dials again; a renewed key for the same organisation is admitted.
@Suite(.serialized) struct PeerRevocationTests {
    @Test func aRevokedNodeIsDroppedAndRefusedAndItsRenewedCertificateAdmitted() async throws {
        let chain = try TestNetworkChain()
        let auditorKey = chain.nodes["auditor"]!.nodeKey
        let bank = try await PeerNetworkTests.start("commercial-bank", genesis: chain.genesis, identity: chain.nodes["commercial-bank"]!,
                                                    peers: [])
        let auditor = try await PeerNetworkTests.start("auditor", genesis: chain.genesis, identity: chain.nodes["auditor"]!,
                                                       peers: [("commercial-bank", bank.port)])
        try await PeerNetworkTests.eventually("connected") { PeerNetworkTests.isConnected(bank.network, "auditor") }

        var revoked = chain.genesis.initialNodeKeys
        revoked.revoke(auditorKey)
        bank.network.updateNodeKeys(revoked)
        #expect(!PeerNetworkTests.isConnected(bank.network, "auditor"))
        #expect(bank.network.recentEvents().contains(.dropped("auditor", reason: "its node certificate was revoked through chain state")))
        // The auditor redials and is refused, with the reason naming its certificate.
        try await PeerNetworkTests.eventually("the revoked auditor refused") {
            bank.network.recentEvents().contains { event in
                guard case .refused(_, .revoked(let subject)) = event else { return false }
                return subject.contains("auditor")
            }
        }
        #expect(!PeerNetworkTests.isConnected(bank.network, "auditor"))
        await auditor.network.stop()

        // Renewed: a new certificate for the auditor, registered through chain state.
        let renewed = try chain.ca.issue(organisationID: "auditor")
        var renewedKeys = revoked
        renewedKeys.register(renewed.nodeKey, for: "auditor")
        bank.network.updateNodeKeys(renewedKeys)
        let auditorAgain = try await PeerNetworkTests.startRenewed("auditor", genesis: chain.genesis, identity: renewed, nodeKeys: renewedKeys,
                                                                   peers: [("commercial-bank", bank.port)])
        try await PeerNetworkTests.eventually("the renewed auditor admitted") {
            PeerNetworkTests.isConnected(bank.network, "auditor") && PeerNetworkTests.isConnected(auditorAgain, "commercial-bank")
        }
        // The old certificate cannot start a node any more.
        #expect(throws: ConsortiumCAError.self) {
            _ = try PeerNetwork(configuration: PeerNetworkConfiguration(localID: "auditor", peers: []), genesis: chain.genesis,
                                identity: chain.nodes["auditor"]!, nodeKeys: renewedKeys, logger: PeerNetworkTests.logger)
        }
        await auditorAgain.stop()
        await bank.network.stop()
    }
}

extension PeerNetworkTests {
    /// Starts `id`'s network with the node keys in force `nodeKeys`.
    static func startRenewed(_ id: String, genesis: Genesis, identity: NodeCertificate, nodeKeys: NodeKeyRegistry,
                             peers: [(String, Int)]) async throws -> PeerNetwork {
        var configuration = PeerNetworkConfiguration(
            localID: id, peers: peers.map { PeerAddress(organisationID: $0.0, host: "127.0.0.1", port: $0.1) })
        configuration.reconnectDelayBaseMs = 20
        configuration.reconnectDelayMaxMs = 200
        let network = try PeerNetwork(configuration: configuration, genesis: genesis, identity: identity, nodeKeys: nodeKeys, logger: logger)
        _ = try await network.start()
        return network
    }
}
