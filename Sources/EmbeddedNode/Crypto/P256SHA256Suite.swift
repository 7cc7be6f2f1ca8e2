import COpenSSL

/// ECDSA over P-256 with SHA-256, the default suite. Verification runs through swift-crypto
/// (BoringSSL) by default, the faster path, which gives the same answers as OpenSSL's.
public struct P256SHA256Suite: CryptoSuite {
    /// Which library checks signatures.
    public enum Verifier: Sendable {
        /// OpenSSL 3 EVP_DigestVerify.
        case openSSL
        /// swift-crypto's `P256.Signing` (BoringSSL).
        case swiftCrypto
    }

    /// The library used by `verify`.
    public let verifier: Verifier

    /// A suite that verifies with `verifier` (swift-crypto unless told otherwise).
    public init(verifier: Verifier = .swiftCrypto) {
        self.verifier = verifier
    }

    /// Always `.p256SHA256`.
    public var id: CryptoSuiteID { .p256SHA256 }

    /// SHA-256 of `bytes`.
    public func hash(_ bytes: [UInt8]) -> [UInt8] {
        SHA256Digest.hash(bytes)
    }

    /// A new random P-256 key.
    public func generatePrivateKey() throws(CryptoError) -> SigningKey {
        try SigningKey(generating: .p256SHA256)
    }

    /// Whether `signature` (64-byte r || s) is a valid ECDSA P-256/SHA-256 signature of
    /// `message` by `publicKey`; false for a key of another suite or any malformed input.
    public func verify(signature: [UInt8], of message: [UInt8], by publicKey: PublicKey) -> Bool {
        SignatureVerificationMeter.measure {
            switch verifier {
            case .openSSL: OpenSSLVerifier.verify(signature: signature, of: message, by: publicKey, suite: .p256SHA256)
            case .swiftCrypto: SwiftCryptoP256Verifier.verify(signature: signature, of: message, by: publicKey)
            }
        }
    }
}
