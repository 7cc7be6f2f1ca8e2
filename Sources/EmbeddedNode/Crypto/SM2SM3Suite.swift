/// SM2 signatures (GB/T 32918.2) with SM3 hashes (GB/T 32905), the 国密 suite, signing
/// with the GM/T 0009-2012 default signer ID "1234567812345678".
public struct SM2SM3Suite: CryptoSuite {
    /// The suite.
    public init() {}

    /// Always `.sm2SM3`.
    public var id: CryptoSuiteID { .sm2SM3 }

    /// SM3 of `bytes`.
    public func hash(_ bytes: [UInt8]) -> [UInt8] {
        SM3Digest.hash(bytes)
    }

    /// A new random SM2 key.
    public func generatePrivateKey() throws(CryptoError) -> SigningKey {
        try SigningKey(generating: .sm2SM3)
    }

    /// Whether `signature` (64-byte r || s) is a valid SM2 signature of `message` (hashed
    /// with SM3 and the default ID's Z value) by `publicKey`; false for a key of another
    /// suite or any malformed input.
    public func verify(signature: [UInt8], of message: [UInt8], by publicKey: PublicKey) -> Bool {
        SignatureVerificationMeter.measure { OpenSSLVerifier.verify(signature: signature, of: message, by: publicKey, suite: .sm2SM3) }
    }
}
