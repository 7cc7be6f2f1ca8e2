import EmbeddedNode
import Testing
import Workflow

/// SHA-256 through OpenSSL matches the FIPS 180-2 test vectors.
@Suite struct SHA256DigestTests {
    @Test func fipsVectors() {
        #expect(SHA256Digest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256Digest.hex(Array(twoBlocks.utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256Digest.hash(Array(repeating: 0x61, count: 1_000_000)).count == 32)
        #expect(SHA256Digest.hex(Array(repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func stateHashesDifferWhenStateDiffers() throws {
        let empty = try WorkflowState(organisations: [], settings: WorkflowSettings())
        let other = try WorkflowState(organisations: [], settings: WorkflowSettings(stallLimitSeconds: 7))
        #expect(empty.stateHashHex.count == 64)
        #expect(empty.stateHashHex != other.stateHashHex)
    }
}
