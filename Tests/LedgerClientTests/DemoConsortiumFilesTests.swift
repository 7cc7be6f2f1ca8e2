import EmbeddedNode
import Foundation
import LedgerClient
import NodeTestSupport
import Testing

/// The demo consortium's files, as `fundchain genesis demo` and the embedded default write them.
@Suite struct DemoConsortiumFilesTests {
    /// Creating writes a valid genesis with the one validator and a demo keystore per
    /// organisation that opens with the demo passphrase; a second create refuses to overwrite.
    @Test func createsAGenesisAndDemoKeystoresOnce() throws {
        let directory = TestChain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let created = try DemoConsortium.create(at: directory, genesisTimeMs: 1_795_000_000_123)
        let genesisURL = directory.appendingPathComponent(DemoConsortium.genesisFileName)
        let loaded = try DemoConsortium.loadGenesis(at: genesisURL)
        #expect(loaded.hash == created.hash)
        #expect(loaded.chainID == DemoConsortium.chainID)
        #expect(loaded.validatorIDs == ["provincial-office"])
        #expect(loaded.organisations.map(\.organisation.id) == DemoConsortium.organisations.map(\.id).sorted(), "the genesis sorts organisations by identifier")
        let keystore = directory.appendingPathComponent("keys/provincial-office.keystore")
        let identity = try LedgerIdentity.load(keystoreAt: keystore, passphrase: DemoConsortium.demoPassphrase)
        #expect(identity.organisationID == "provincial-office" && identity.isDemo)
        let attributes = try FileManager.default.attributesOfItem(atPath: keystore.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(throws: DemoConsortiumError.exists(genesisURL.path)) { try DemoConsortium.create(at: directory) }
        #expect(throws: DemoConsortiumError.unreadable(directory.appendingPathComponent("none.json").path)) {
            try DemoConsortium.loadGenesis(at: directory.appendingPathComponent("none.json"))
        }
    }
}
