import Canonical
import EmbeddedNode
import Foundation
import NodeTestSupport
import Testing
import X509

/// The consortium CA issues node certificates that chain to it; its files are written with
/// owner-only keys; genesis names the CA and each validator's node key, and refuses a genesis
/// whose network part is incomplete, naming the path.
@Suite struct ConsortiumCATests {
    @Test func anIssuedCertificateIsSignedByTheCAAndNamesTheOrganisation() throws {
        let ca = try ConsortiumCA.create(name: "test CA")
        let node = try ca.issue(organisationID: "county-hq")
        #expect(node.organisationID == "county-hq")
        #expect(node.certificate.issuer == ca.certificate.subject)
        #expect(ca.certificate.publicKey.isValidSignature(node.certificate.signature, for: node.certificate))
        let other = try ConsortiumCA.create(name: "another CA")
        #expect(!other.certificate.publicKey.isValidSignature(node.certificate.signature, for: node.certificate))
        #expect(node.nodeKey.count == 65 && node.nodeKey.first == 0x04)
        #expect(node.nodeKey != (try ca.issue(organisationID: "county-hq")).nodeKey, "every certificate has a fresh key")
    }

    @Test func filesRoundTripWithOwnerOnlyKeys() throws {
        let directory = TestChain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ca = try ConsortiumCA.create(name: "test CA")
        try CertificateFiles.save(ca, in: directory.appendingPathComponent("ca"))
        let loaded = try CertificateFiles.loadCA(from: directory.appendingPathComponent("ca"))
        #expect(loaded.certificate == ca.certificate)
        let node = try loaded.issue(organisationID: "auditor")
        let nodeDirectory = directory.appendingPathComponent("node")
        try CertificateFiles.save(node, in: nodeDirectory)
        let keyPath = nodeDirectory.appendingPathComponent(CertificateFiles.nodeKeyName).path
        let certificatePath = nodeDirectory.appendingPathComponent(CertificateFiles.nodeCertificateName).path
        #expect(try Self.permissions(keyPath) == 0o600)
        #expect(try Self.permissions(directory.appendingPathComponent("ca/ca-key.pem").path) == 0o600)
        #expect(try Self.permissions(certificatePath) == 0o644)
        let reread = try CertificateFiles.loadNode(certificatePath: certificatePath, keyPath: keyPath)
        #expect(reread.nodeKey == node.nodeKey && reread.organisationID == "auditor")
        #expect(throws: ConsortiumCAError.self) { try CertificateFiles.save(node, in: nodeDirectory) }
    }

    @Test func aKeyOfAnotherCertificateIsRefused() throws {
        let ca = try ConsortiumCA.create(name: "test CA")
        let first = try ca.issue(organisationID: "auditor")
        let second = try ca.issue(organisationID: "auditor")
        #expect(throws: ConsortiumCAError.invalid("node key: does not belong to the node certificate")) {
            _ = try NodeCertificate(certificatePEM: first.certificatePEM, privateKeyPEM: second.privateKeyPEM)
        }
        #expect(throws: ConsortiumCAError.self) {
            _ = try ConsortiumCA(certificatePEM: ca.certificatePEM, privateKeyPEM: first.privateKeyPEM)
        }
    }

    @Test func genesisNamesTheCAAndEachValidatorsNodeKey() throws {
        let network = try TestNetworkChain()
        #expect(network.genesis.caCertificateDER != nil)
        for id in TestNetworkChain.fourValidators {
            let entry = try #require(network.genesis.organisations.first { $0.organisation.id == id })
            #expect(entry.nodeKey == network.nodes[id]?.nodeKey)
        }
        #expect(network.genesis.organisations.first { $0.organisation.id == "builder" }?.nodeKey == nil)
        #expect(network.genesis.hash != network.chain.genesis.hash, "the network part is hashed")
        let reparsed = try Genesis(file: GenesisFile.parse(JSONEncoder().encode(network.file)))
        #expect(reparsed.hash == network.genesis.hash)
    }

    @Test func anIncompleteNetworkPartIsRefusedByPath() throws {
        let network = try TestNetworkChain()
        let validatorIndex = try #require(network.file.organisations.firstIndex { $0.id == "auditor" })
        var missingKey = network.file
        missingKey.organisations[validatorIndex].nodeKey = nil
        #expect(Self.problems(missingKey).contains { $0.hasPrefix("organisations[\(validatorIndex)].nodeKey: a validator needs") })
        var noCA = network.file
        noCA.caCertificate = nil
        #expect(Self.problems(noCA).contains { $0.hasPrefix("caCertificate: missing") })
        var leafAsCA = network.file
        leafAsCA.caCertificate = network.nodes["auditor"]!.certificatePEM
        #expect(Self.problems(leafAsCA).contains { $0 == "caCertificate: not a self-signed CA certificate" })
        var badKey = network.file
        badKey.organisations[validatorIndex].nodeKey = "04" + String(repeating: "11", count: 64)
        #expect(Self.problems(badKey).contains { $0.hasPrefix("organisations[\(validatorIndex)].nodeKey: not the hex") })
        var twice = network.file
        let otherIndex = try #require(network.file.organisations.firstIndex { $0.id == "provincial-office" })
        twice.organisations[otherIndex].nodeKey = twice.organisations[validatorIndex].nodeKey
        #expect(Self.problems(twice).contains { $0.hasPrefix("organisations[\(max(validatorIndex, otherIndex))].nodeKey: listed for another") })
    }

    static func problems(_ file: GenesisFile) -> [String] {
        do {
            _ = try Genesis(file: file)
            return []
        } catch {
            guard case .problems(let problems) = error else { return [] }
            return problems
        }
    }

    static func permissions(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }
}
