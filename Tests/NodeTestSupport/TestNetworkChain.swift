import Canonical
import EmbeddedNode
import Foundation

/// A `TestChain` whose genesis names a consortium CA and a node certificate per validator:
/// what the peer-network tests run on.
public struct TestNetworkChain: Sendable {
    /// The chain (signing keys, and a genesis file without the network part).
    public let chain: TestChain
    /// The genesis with the CA and node keys.
    public let genesis: Genesis
    /// The genesis file with the CA and node keys.
    public let file: GenesisFile
    /// The consortium CA.
    public let ca: ConsortiumCA
    /// Each validator's node certificate.
    public let nodes: [String: NodeCertificate]

    /// The default four validators.
    public static let fourValidators = ["auditor", "commercial-bank", "provincial-finance", "provincial-office"]

    /// Builds the chain with `validators`, a fresh CA and one node certificate each.
    public init(validators: [String] = fourValidators, consensus: ConsensusSettings = ConsensusSettings()) throws {
        chain = try TestChain(validators: validators, consensus: consensus)
        ca = try ConsortiumCA.create(name: "test consortium CA")
        var nodes: [String: NodeCertificate] = [:]
        var file = chain.file
        file.caCertificate = ca.certificatePEM
        for index in file.organisations.indices where validators.contains(file.organisations[index].id) {
            let node = try ca.issue(organisationID: file.organisations[index].id)
            nodes[file.organisations[index].id] = node
            file.organisations[index].nodeKey = Hex.encode(node.nodeKey)
        }
        self.nodes = nodes
        self.file = file
        genesis = try Genesis(file: file)
    }
}
