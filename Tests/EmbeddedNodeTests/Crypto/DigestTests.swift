import Canonical
import Testing
@testable import EmbeddedNode

/// SHA-256 against FIPS 180-2 examples; SM3 against GB/T 32905-2016 Appendix A.
@Suite struct DigestTests {
    @Test func sha256FIPSVectors() {
        #expect(Hex.encode(SHA256Digest.hash(Array("abc".utf8)))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.encode(SHA256Digest.hash([]))
            == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hex.encode(SHA256Digest.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(Hex.encode(SHA256Digest.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(SHA256Digest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func sm3StandardVectors() {
        #expect(Hex.encode(SM3Digest.hash(Array("abc".utf8)))
            == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
        let abcd16 = Array(String(repeating: "abcd", count: 16).utf8)
        #expect(abcd16.count == 64)
        #expect(Hex.encode(SM3Digest.hash(abcd16))
            == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")
    }

    @Test func suitesHashWithTheirDigest() {
        let message = Array("abc".utf8)
        #expect(CryptoSuites.suite(.p256SHA256).hash(message) == SHA256Digest.hash(message))
        #expect(CryptoSuites.suite(.sm2SM3).hash(message) == SM3Digest.hash(message))
        for id in CryptoSuiteID.allCases { #expect(CryptoSuites.suite(id).id == id) }
    }
}
