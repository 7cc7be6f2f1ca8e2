import COpenSSL

/// A private key of one suite, held by OpenSSL as an EVP_PKEY that this object owns and
/// frees. Sendable because it is immutable after init: OpenSSL 3 allows one EVP_PKEY to be
/// used by concurrent sign operations, each with its own context.
public final class SigningKey: @unchecked Sendable {
    /// The suite the key belongs to.
    public let suite: CryptoSuiteID
    /// The matching public key.
    public let publicKey: PublicKey
    /// The owned EVP_PKEY.
    let pkey: OpaquePointer

    /// Takes ownership of `pkey` (freeing it on failure); `CryptoError.malformedKey` unless
    /// it is a private key on `suite`'s curve.
    init(taking pkey: OpaquePointer, suite: CryptoSuiteID) throws(CryptoError) {
        do throws(CryptoError) {
            guard let actual = EVPKeys.suite(of: pkey) else { throw CryptoError.malformedKey("not a P-256 or SM2 key") }
            guard actual == suite else {
                throw CryptoError.malformedKey("key is for \(actual.rawValue), expected \(suite.rawValue)")
            }
            guard let raw = EVPKeys.rawPoint(of: pkey) else { throw CryptoError.malformedKey("key has no public point") }
            publicKey = try PublicKey(suite: suite, rawBytes: raw)
        } catch {
            EVP_PKEY_free(pkey)
            throw error
        }
        self.pkey = pkey
        self.suite = suite
    }

    /// A new random key of `suite`.
    public convenience init(generating suite: CryptoSuiteID) throws(CryptoError) {
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, suite.keyType, nil) else {
            throw OpenSSLError.make("EVP_PKEY_CTX_new_from_name")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        var pkey: OpaquePointer?
        guard EVP_PKEY_keygen_init(ctx) == 1, EVP_PKEY_CTX_set_group_name(ctx, suite.groupName) == 1,
              EVP_PKEY_generate(ctx, &pkey) == 1, let pkey else { throw OpenSSLError.make("EVP_PKEY_generate") }
        try self.init(taking: pkey, suite: suite)
    }

    /// Reads a PEM private key (PKCS#8 "PRIVATE KEY" or SEC 1 "EC PRIVATE KEY", unencrypted);
    /// `CryptoError.malformedKey` if it does not parse or is not on `suite`'s curve. An
    /// encrypted PEM is refused rather than prompting on the terminal for a password.
    public convenience init(pem: String, suite: CryptoSuiteID) throws(CryptoError) {
        let loaded = MemoryBIO.reading(Array(pem.utf8)) { bio in
            PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let pkey = loaded else {
            OpenSSLError.clear()
            throw .malformedKey("not a PEM private key")
        }
        try self.init(taking: pkey, suite: suite)
    }

    /// Reads an unencrypted PKCS#8 DER private key (the keystore's plaintext).
    convenience init(pkcs8DER der: [UInt8], suite: CryptoSuiteID) throws(CryptoError) {
        let loaded = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_AutoPrivateKey(nil, &cursor, buffer.count)
        }
        guard let pkey = loaded else {
            OpenSSLError.clear()
            throw .malformedKey("not a PKCS#8 DER private key")
        }
        try self.init(taking: pkey, suite: suite)
    }

    deinit {
        EVP_PKEY_free(pkey)
    }

    /// The 64-byte r || s signature of `message`: ECDSA with SHA-256, or SM2 with SM3 over
    /// Z || message where Z is computed for the default signer ID "1234567812345678".
    public func sign(_ message: [UInt8]) throws(CryptoError) -> [UInt8] {
        let der = try EVPSignature.sign(message, key: pkey, suite: suite)
        guard let raw = SignatureEncoding.raw(fromDER: der) else {
            throw .openSSL(operation: "d2i_ECDSA_SIG", detail: "OpenSSL produced an unreadable signature")
        }
        return raw
    }

    /// The private key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").
    public var pemRepresentation: String {
        let bytes = MemoryBIO.collect { bio in PEM_write_bio_PKCS8PrivateKey(bio, pkey, nil, nil, 0, nil, nil) }
        guard let bytes else { preconditionFailure("PEM_write_bio_PKCS8PrivateKey failed: \(OpenSSLError.drain())") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The private key as unencrypted PKCS#8 DER (the keystore's plaintext).
    var pkcs8DER: [UInt8] {
        let bytes = MemoryBIO.collect { bio in i2d_PKCS8PrivateKey_bio(bio, pkey, nil, nil, 0, nil, nil) }
        guard let bytes else { preconditionFailure("i2d_PKCS8PrivateKey_bio failed: \(OpenSSLError.drain())") }
        return bytes
    }
}
