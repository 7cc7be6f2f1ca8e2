import Testing
@testable import EmbeddedNode

/// Everything that is not a valid signature is invalid, and nothing crashes.
@Suite struct SignatureRejectionTests {
    static let suites: [any CryptoSuite] = [P256SHA256Suite(verifier: .openSSL), P256SHA256Suite(verifier: .swiftCrypto), SM2SM3Suite()]
    static let message = Array("transfer 5000 to village-12".utf8)

    static func signed(_ suite: any CryptoSuite) throws -> (SigningKey, [UInt8]) {
        let key = try suite.generatePrivateKey()
        return (key, try key.sign(message))
    }

    @Test(arguments: 0..<3)
    func validSignatureVerifies(index: Int) throws {
        let suite = Self.suites[index]
        let (key, signature) = try Self.signed(suite)
        #expect(suite.verify(signature: signature, of: Self.message, by: key.publicKey))
    }

    @Test(arguments: 0..<3)
    func tamperedMessageAndSignatureFail(index: Int) throws {
        let suite = Self.suites[index]
        let (key, signature) = try Self.signed(suite)
        for position in 0..<Self.message.count {
            var tampered = Self.message
            tampered[position] ^= 0x01
            #expect(!suite.verify(signature: signature, of: tampered, by: key.publicKey))
        }
        for position in 0..<64 {
            var tampered = signature
            tampered[position] ^= 0x80
            #expect(!suite.verify(signature: tampered, of: Self.message, by: key.publicKey))
        }
        #expect(!suite.verify(signature: signature, of: [], by: key.publicKey))
    }

    @Test(arguments: 0..<3)
    func wrongKeyFails(index: Int) throws {
        let suite = Self.suites[index]
        let (_, signature) = try Self.signed(suite)
        let other = try suite.generatePrivateKey()
        #expect(!suite.verify(signature: signature, of: Self.message, by: other.publicKey))
    }

    @Test func wrongSuiteFails() throws {
        let p256 = try SigningKey(generating: .p256SHA256)
        let sm2 = try SigningKey(generating: .sm2SM3)
        let p256Signature = try p256.sign(Self.message), sm2Signature = try sm2.sign(Self.message)
        #expect(!SM2SM3Suite().verify(signature: p256Signature, of: Self.message, by: p256.publicKey))
        #expect(!P256SHA256Suite(verifier: .openSSL).verify(signature: sm2Signature, of: Self.message, by: sm2.publicKey))
        #expect(!P256SHA256Suite(verifier: .swiftCrypto).verify(signature: sm2Signature, of: Self.message, by: sm2.publicKey))
        #expect(!SwiftCryptoP256Verifier.verify(signature: sm2Signature, of: Self.message, by: sm2.publicKey))
    }

    @Test(arguments: 0..<3)
    func malformedLengthsFail(index: Int) throws {
        let suite = Self.suites[index]
        let (key, signature) = try Self.signed(suite)
        for length in [0, 1, 32, 63, 65, 70, 72, 128] {
            let resized = Array((signature + signature + signature).prefix(length))
            #expect(!suite.verify(signature: resized, of: Self.message, by: key.publicKey))
        }
        if let der = SignatureEncoding.der(fromRaw: signature, suite: suite.id) {
            #expect(!suite.verify(signature: der, of: Self.message, by: key.publicKey))
        }
    }

    /// r or s zero or ≥ n is refused before any curve arithmetic.
    @Test(arguments: 0..<3)
    func outOfRangeComponentsFail(index: Int) throws {
        let suite = Self.suites[index]
        let (key, signature) = try Self.signed(suite)
        let r = Array(signature[0..<32]), s = Array(signature[32..<64])
        let order = suite.id.groupOrder, zero = [UInt8](repeating: 0, count: 32), ones = [UInt8](repeating: 0xff, count: 32)
        for bad in [zero + s, r + zero, order + s, r + order, ones + s, r + ones, zero + zero] {
            #expect(!SignatureEncoding.isInRange(bad, suite: suite.id))
            #expect(!suite.verify(signature: bad, of: Self.message, by: key.publicKey))
        }
    }

    /// ECDSA signatures are malleable: (r, n - s) is also valid, in both P-256 paths. The
    /// chain must not identify transactions by their signature bytes.
    @Test func p256HighSTwinIsValidInBothPaths() throws {
        let key = try SigningKey(generating: .p256SHA256)
        let signature = try key.sign(Self.message)
        let twin = Array(signature[0..<32]) + subtract(Array(signature[32..<64]), from: CryptoSuiteID.p256SHA256.groupOrder)
        #expect(P256SHA256Suite(verifier: .openSSL).verify(signature: twin, of: Self.message, by: key.publicKey))
        #expect(SwiftCryptoP256Verifier.verify(signature: twin, of: Self.message, by: key.publicKey))
    }

    /// n - s, big-endian.
    private func subtract(_ s: [UInt8], from n: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: 32), borrow = 0
        for index in (0..<32).reversed() {
            var digit = Int(n[index]) - Int(s[index]) - borrow
            borrow = digit < 0 ? 1 : 0
            if digit < 0 { digit += 256 }
            result[index] = UInt8(digit)
        }
        return result
    }
}
