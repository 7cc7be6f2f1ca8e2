import Crypto

/// P-256/SHA-256 verification through swift-crypto (BoringSSL): the same answers as the
/// OpenSSL path, measured faster (see CryptoBench).
public enum SwiftCryptoP256Verifier {
    /// Whether the 64-byte r || s `signature` of `message` by `publicKey` is a valid ECDSA
    /// P-256/SHA-256 signature; false for an SM2 key or any malformed input.
    public static func verify(signature: [UInt8], of message: [UInt8], by publicKey: PublicKey) -> Bool {
        guard publicKey.suite == .p256SHA256,
              SignatureEncoding.isInRange(signature, suite: .p256SHA256),
              let key = try? P256.Signing.PublicKey(x963Representation: publicKey.rawBytes),
              let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
        return key.isValidSignature(parsed, for: message)
    }
}
