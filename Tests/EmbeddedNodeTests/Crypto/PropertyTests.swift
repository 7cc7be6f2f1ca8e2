import Testing
import WorkflowTestSupport
@testable import EmbeddedNode

/// Seeded random inputs: garbage never crashes, and the two P-256 paths always agree.
@Suite struct PropertyTests {
    /// Random byte strings as signatures, DER, keys and PEM: all rejected, no crash.
    @Test(arguments: CryptoSuiteID.allCases)
    func randomGarbageIsRejected(suite: CryptoSuiteID) throws {
        var random = SeededGenerator(seed: suite == .sm2SM3 ? 2 : 1)
        let key = try SigningKey(generating: suite).publicKey
        let message = Array("garbage".utf8)
        for _ in 0..<400 {
            let length = [64, 64, 64, Int.random(in: 0...160, using: &random)][Int.random(in: 0...3, using: &random)]
            let garbage = random.bytes(length)
            #expect(!CryptoSuites.suite(suite).verify(signature: garbage, of: message, by: key))
            if suite == .p256SHA256 {
                #expect(!SwiftCryptoP256Verifier.verify(signature: garbage, of: message, by: key))
            }
            _ = SignatureEncoding.raw(fromDER: garbage)
            _ = SignatureEncoding.der(fromRaw: garbage, suite: suite)
            let candidate = [0x04] + random.bytes(64)
            #expect(throws: CryptoError.self) { try PublicKey(suite: suite, rawBytes: candidate) }
            _ = try? PublicKey(suite: suite, rawBytes: garbage)
            _ = try? SigningKey(pem: String(decoding: garbage, as: UTF8.self), suite: suite)
            _ = try? SigningKey(pkcs8DER: garbage, suite: suite)
        }
    }

    /// DER-shaped garbage: a SEQUENCE of two INTEGERs of random lengths and contents.
    @Test func derShapedGarbageDoesNotCrash() {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<500 {
            let rLength = Int.random(in: 0...40, using: &random), sLength = Int.random(in: 0...40, using: &random)
            let body = [0x02, UInt8(rLength)] + random.bytes(rLength) + [0x02, UInt8(sLength)] + random.bytes(sLength)
            if let raw = SignatureEncoding.raw(fromDER: [0x30, UInt8(body.count)] + body) {
                #expect(raw.count == 64)
            }
        }
    }

    /// OpenSSL and swift-crypto give the same verdict on valid, tampered, twisted and
    /// cross-key signatures over many random keys and messages.
    @Test func p256VerifiersAgree() throws {
        var random = SeededGenerator(seed: 4)
        let openSSL = P256SHA256Suite(verifier: .openSSL)
        var checked = 0, valid = 0
        for _ in 0..<150 {
            let key = try SigningKey(generating: .p256SHA256), stranger = try SigningKey(generating: .p256SHA256)
            let message = random.bytes(Int.random(in: 0...300, using: &random))
            let signature = try key.sign(message)
            var flipped = signature
            flipped[Int.random(in: 0..<64, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
            let cases: [([UInt8], [UInt8], PublicKey)] = [
                (signature, message, key.publicKey), (flipped, message, key.publicKey),
                (signature, message + [1], key.publicKey), (signature, message, stranger.publicKey),
                (random.bytes(64), message, key.publicKey),
            ]
            for (sig, msg, publicKey) in cases {
                let a = openSSL.verify(signature: sig, of: msg, by: publicKey)
                let b = SwiftCryptoP256Verifier.verify(signature: sig, of: msg, by: publicKey)
                #expect(a == b)
                checked += 1
                valid += a ? 1 : 0
            }
        }
        #expect(checked == 750 && valid == 150)
    }

    /// Signatures survive the raw → DER → raw trip, including components with leading zeros.
    @Test func signatureEncodingRoundTrips() {
        var random = SeededGenerator(seed: 5)
        for index in 0..<300 {
            var raw = random.bytes(64)
            raw[0] &= 0x7f
            raw[32] &= 0x7f
            raw[31] |= 1
            raw[63] |= 1
            if index % 3 == 0 { for position in 0..<Int.random(in: 1...31, using: &random) { raw[position] = 0 } }
            if index % 5 == 0 { for position in 32..<Int.random(in: 33...63, using: &random) { raw[position] = 0 } }
            guard let der = SignatureEncoding.der(fromRaw: raw, suite: .p256SHA256) else {
                Issue.record("no DER for an in-range signature")
                continue
            }
            #expect(SignatureEncoding.raw(fromDER: der) == raw)
        }
    }
}
