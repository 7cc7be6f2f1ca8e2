import COpenSSL

/// PEM ("-----BEGIN PUBLIC KEY-----", SubjectPublicKeyInfo) export and import of public keys.
extension PublicKey {
    /// The key as a SubjectPublicKeyInfo PEM.
    public var pemRepresentation: String {
        guard let pkey = EVPKeys.publicKey(raw: rawBytes, suite: suite) else {
            preconditionFailure("a checked PublicKey no longer loads: \(OpenSSLError.drain())")
        }
        defer { EVP_PKEY_free(pkey) }
        let bytes = MemoryBIO.collect { bio in PEM_write_bio_PUBKEY(bio, pkey) }
        guard let bytes else { preconditionFailure("PEM_write_bio_PUBKEY failed: \(OpenSSLError.drain())") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads a SubjectPublicKeyInfo PEM; `CryptoError.malformedKey` if it does not parse or
    /// the key is not on `suite`'s curve.
    public init(pem: String, suite: CryptoSuiteID) throws(CryptoError) {
        let loaded = MemoryBIO.reading(Array(pem.utf8)) { bio in PEM_read_bio_PUBKEY(bio, nil, nil, nil) }
        guard let pkey = loaded else {
            OpenSSLError.clear()
            throw .malformedKey("not a PEM public key")
        }
        defer { EVP_PKEY_free(pkey) }
        guard let actual = EVPKeys.suite(of: pkey) else { throw .malformedKey("not a P-256 or SM2 key") }
        guard actual == suite else { throw .malformedKey("key is for \(actual.rawValue), expected \(suite.rawValue)") }
        guard let raw = EVPKeys.rawPoint(of: pkey) else { throw .malformedKey("key has no public point") }
        try self.init(suite: suite, rawBytes: raw)
    }
}
