import Testing
@testable import EmbeddedNode

/// Signing keys: PKCS#8 PEM round trips, and a key of the wrong curve is refused.
@Suite struct SigningKeyTests {
    @Test(arguments: CryptoSuiteID.allCases)
    func pemRoundTripKeepsTheKey(suite: CryptoSuiteID) throws {
        let key = try SigningKey(generating: suite)
        let pem = key.pemRepresentation
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let reloaded = try SigningKey(pem: pem, suite: suite)
        #expect(reloaded.publicKey == key.publicKey)
        #expect(reloaded.suite == suite)
        let message = Array("round trip".utf8)
        #expect(CryptoSuites.suite(suite).verify(signature: try reloaded.sign(message), of: message, by: key.publicKey))
    }

    @Test(arguments: CryptoSuiteID.allCases)
    func wrongCurveIsRefused(suite: CryptoSuiteID) throws {
        let other: CryptoSuiteID = suite == .sm2SM3 ? .p256SHA256 : .sm2SM3
        let pem = try SigningKey(generating: other).pemRepresentation
        #expect(throws: CryptoError.self) { try SigningKey(pem: pem, suite: suite) }
    }

    @Test func garbagePEMIsRefused() {
        for text in ["", "hello", "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"] {
            #expect(throws: CryptoError.self) { try SigningKey(pem: text, suite: .p256SHA256) }
        }
    }

    /// A public key PEM is not a private key.
    @Test func publicPEMIsNotAPrivateKey() throws {
        let pem = try SigningKey(generating: .sm2SM3).publicKey.pemRepresentation
        #expect(throws: CryptoError.self) { try SigningKey(pem: pem, suite: .sm2SM3) }
    }

    /// Concurrent signing with one key (the reason SigningKey is Sendable).
    @Test(arguments: CryptoSuiteID.allCases)
    func concurrentSigning(suite: CryptoSuiteID) async throws {
        let key = try SigningKey(generating: suite)
        let verdicts = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let message = Array("message \(index)".utf8)
                    return CryptoSuites.suite(suite).verify(signature: try key.sign(message), of: message, by: key.publicKey)
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(verdicts.count == 16 && verdicts.allSatisfy { $0 })
    }
}
