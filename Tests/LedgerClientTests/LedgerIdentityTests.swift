import EmbeddedNode
import Foundation
import LedgerClient
import NodeTestSupport
import Testing

/// Loading an organisation's identity from its keystore file.
@Suite struct LedgerIdentityTests {
    /// A keystore written with a passphrase opens with it, to the same organisation and key;
    /// a wrong passphrase and a missing file are told apart.
    @Test func loadsAKeystoreWithItsPassphrase() throws {
        let key = try SigningKey(generating: .p256SHA256)
        let file = TestChain.temporaryDirectory().appendingPathExtension("keystore.json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Keystore.create(key: key, organisation: "county-hq", passphrase: "correct horse", demo: false).write(to: file)

        let identity = try LedgerIdentity.load(keystoreAt: file, passphrase: "correct horse")
        #expect(identity.organisationID == "county-hq" && !identity.isDemo)
        #expect(identity.key.publicKey == key.publicKey)
        #expect(throws: LedgerIdentityError.keystore(.wrongPassphrase)) { try LedgerIdentity.load(keystoreAt: file, passphrase: "wrong horse") }
        let missing = file.appendingPathExtension("missing")
        #expect {
            try LedgerIdentity.load(keystoreAt: missing, passphrase: "correct horse")
        } throws: { error in
            guard case LedgerIdentityError.unreadableFile(let path, _) = error else { return false }
            return path == missing.path
        }
    }
}
