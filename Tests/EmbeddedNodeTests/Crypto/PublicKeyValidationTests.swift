import Testing
@testable import EmbeddedNode

/// Public keys: only 65-byte uncompressed points on the suite's curve are accepted.
@Suite struct PublicKeyValidationTests {
    @Test(arguments: CryptoSuiteID.allCases)
    func pointsOffTheCurveAreRefused(suite: CryptoSuiteID) throws {
        let good = try SigningKey(generating: suite).publicKey.rawBytes
        var offCurve = good
        offCurve[64] ^= 0x01
        #expect(throws: CryptoError.self) { try PublicKey(suite: suite, rawBytes: offCurve) }
        #expect(throws: CryptoError.self) { try CryptoSuites.checkOnCurve(offCurve, suite: suite) }
        var compressed = good
        compressed[0] = 0x02
        #expect(throws: CryptoError.self) { try PublicKey(suite: suite, rawBytes: compressed) }
        #expect(throws: CryptoError.self) { try PublicKey(suite: suite, rawBytes: Array(good.prefix(64))) }
        #expect(throws: CryptoError.self) { try PublicKey(suite: suite, rawBytes: [0x04] + [UInt8](repeating: 0, count: 64)) }
        #expect(throws: CryptoError.self) { try PublicKey(suite: suite, rawBytes: [0x04] + [UInt8](repeating: 0xff, count: 64)) }
        try CryptoSuites.checkOnCurve(good, suite: suite)
    }

    /// A point on one curve is (with overwhelming probability) not on the other.
    @Test func pointOfOneCurveIsRefusedByTheOther() throws {
        let p256 = try SigningKey(generating: .p256SHA256).publicKey.rawBytes
        let sm2 = try SigningKey(generating: .sm2SM3).publicKey.rawBytes
        #expect(throws: CryptoError.self) { try PublicKey(suite: .sm2SM3, rawBytes: p256) }
        #expect(throws: CryptoError.self) { try PublicKey(suite: .p256SHA256, rawBytes: sm2) }
    }

    @Test(arguments: CryptoSuiteID.allCases)
    func publicKeyPEMRoundTrips(suite: CryptoSuiteID) throws {
        let key = try SigningKey(generating: suite).publicKey
        let pem = key.pemRepresentation
        #expect(pem.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        #expect(try PublicKey(pem: pem, suite: suite) == key)
        let other: CryptoSuiteID = suite == .sm2SM3 ? .p256SHA256 : .sm2SM3
        #expect(throws: CryptoError.self) { try PublicKey(pem: pem, suite: other) }
        #expect(throws: CryptoError.self) { try PublicKey(pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", suite: suite) }
        #expect(throws: CryptoError.self) { try PublicKey(pem: "", suite: suite) }
    }
}
