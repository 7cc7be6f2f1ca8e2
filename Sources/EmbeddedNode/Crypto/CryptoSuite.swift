/// The crypto suites a chain may choose in genesis, for transaction and consensus signatures
/// and for hashes. Peer TLS is P-256 on every chain, whatever the suite.
public enum CryptoSuiteID: String, Sendable, CaseIterable, Codable {
    /// ECDSA over P-256 with SHA-256 (the default).
    case p256SHA256 = "p256-sha256"
    /// SM2 signatures with SM3 hashes (国密), with the GM/T default signer ID.
    case sm2SM3 = "sm2-sm3"
}

/// One suite's operations. Signatures are 64 bytes, r || s big-endian, for both suites (so
/// a transaction's size does not depend on DER lengths); public keys are 65-byte uncompressed
/// points (0x04 || x || y); hashes are 32 bytes.
public protocol CryptoSuite: Sendable {
    /// Which suite this is.
    var id: CryptoSuiteID { get }
    /// The suite's 32-byte hash of `bytes` (SHA-256 or SM3).
    func hash(_ bytes: [UInt8]) -> [UInt8]
    /// A new random private key.
    func generatePrivateKey() throws(CryptoError) -> SigningKey
    /// Whether `signature` is a valid signature of `message` by `publicKey`. Never throws: a
    /// malformed key or signature is simply invalid.
    func verify(signature: [UInt8], of message: [UInt8], by publicKey: PublicKey) -> Bool
}

/// A public key of one suite, as its 65-byte uncompressed point.
public struct PublicKey: Hashable, Sendable {
    /// The suite the key belongs to.
    public let suite: CryptoSuiteID
    /// 0x04 || x || y.
    public let rawBytes: [UInt8]

    /// Wraps raw bytes; `CryptoError.malformedKey` unless they are 65 bytes starting with 0x04
    /// and a point on the suite's curve.
    public init(suite: CryptoSuiteID, rawBytes: [UInt8]) throws(CryptoError) {
        guard rawBytes.count == 65, rawBytes[0] == 0x04 else { throw .malformedKey("public key must be 65 bytes, 0x04 || x || y") }
        try CryptoSuites.checkOnCurve(rawBytes, suite: suite)
        self.suite = suite
        self.rawBytes = rawBytes
    }
}

/// Why a crypto operation failed.
public enum CryptoError: Error, Equatable, Sendable {
    /// A key could not be read: the reason says what was wrong.
    case malformedKey(String)
    /// OpenSSL reported a failure in `operation` (with its error queue as text).
    case openSSL(operation: String, detail: String)
}
