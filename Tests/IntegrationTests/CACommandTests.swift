import Canonical
import EmbeddedNode
import Foundation
import LedgerClient
import Testing
import WorkflowTestSupport

/// `fundchain ca init|issue` and `genesis demo --node-certificates` as separate processes: the
/// files, their permissions, the printed node key, and a genesis that names them.
@Suite(.serialized) struct CACommandTests {
    @Test func initIssueAndADemoGenesisWithNodeCertificates() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-ca-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ca = directory.appendingPathComponent("ca").path
        let initialised = try await FundChainProcess.run(["ca", "init", "--dir", ca, "--lang", "en"])
        #expect(initialised.status == 0 && initialised.output.contains("consortium CA created"), "\(initialised.output)")
        let node = directory.appendingPathComponent("node").path
        let issued = try await FundChainProcess.run(["ca", "issue", "--ca", ca, "--org", "county-hq", "--out", node, "--lang", "en"])
        #expect(issued.status == 0, "\(issued.output)")
        let printedKey = try #require(issued.output.split(separator: "\n").first { $0.hasPrefix("nodeKey ") }?.dropFirst("nodeKey ".count))
        let loaded = try CertificateFiles.loadNode(certificatePath: node + "/node.pem", keyPath: node + "/node-key.pem")
        #expect(Hex.encode(loaded.nodeKey) == printedKey && loaded.organisationID == "county-hq")
        for path in [ca + "/ca-key.pem", node + "/node-key.pem"] {
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600, "\(path)")
        }
        let again = try await FundChainProcess.run(["ca", "issue", "--ca", ca, "--org", "county-hq", "--out", node])
        #expect(again.status != 0 && again.output.contains("node-key.pem"), "never overwrites: \(again.output)")
        let missing = try await FundChainProcess.run(["ca", "issue", "--ca", directory.appendingPathComponent("nowhere").path, "--org", "x", "--out", node + "2"])
        #expect(missing.status != 0 && missing.output.contains("cannot read"), "\(missing.output)")

        let demo = directory.appendingPathComponent("demo")
        let created = try await FundChainProcess.run(["genesis", "demo", "--out", demo.path, "--node-certificates",
                                                      "--validators", "auditor", "provincial-office"])
        #expect(created.status == 0, "\(created.output)")
        let genesis = try DemoConsortium.loadGenesis(at: demo.appendingPathComponent("genesis.json"))
        #expect(genesis.caCertificateDER != nil)
        for id in ["auditor", "provincial-office"] {
            let certificate = try CertificateFiles.loadNode(certificatePath: demo.appendingPathComponent("nodes/\(id)/node.pem").path,
                                                            keyPath: demo.appendingPathComponent("nodes/\(id)/node-key.pem").path)
            #expect(genesis.organisations.first { $0.organisation.id == id }?.nodeKey == certificate.nodeKey)
        }
        let checked = try await FundChainProcess.run(["genesis", "check", demo.appendingPathComponent("genesis.json").path])
        #expect(checked.status == 0 && checked.output.contains("genesis-hash \(Hex.encode(genesis.hash))"), "\(checked.output)")
    }
}
