import COpenSSL

/// The suites by identifier, and the curve check behind `PublicKey.init`.
public enum CryptoSuites {
    /// The implementation of suite `id`.
    public static func suite(_ id: CryptoSuiteID) -> any CryptoSuite {
        switch id {
        case .p256SHA256: P256SHA256Suite()
        case .sm2SM3: SM2SM3Suite()
        }
    }

    /// Throws `CryptoError.malformedKey` unless `raw` is a 65-byte uncompressed point that
    /// OpenSSL accepts as a public key on `suite`'s curve ("prime256v1" or "SM2"): it builds
    /// the key with EVP_PKEY_fromdata and runs EVP_PKEY_public_check_quick on it.
    public static func checkOnCurve(_ raw: [UInt8], suite: CryptoSuiteID) throws(CryptoError) {
        guard let pkey = EVPKeys.publicKey(raw: raw, suite: suite) else {
            throw .malformedKey("not a point on the \(suite.groupName) curve")
        }
        defer { EVP_PKEY_free(pkey) }
        guard let ctx = EVP_PKEY_CTX_new_from_pkey(nil, pkey, nil) else { throw OpenSSLError.make("EVP_PKEY_CTX_new_from_pkey") }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_public_check_quick(ctx) == 1 else {
            OpenSSLError.clear()
            throw .malformedKey("OpenSSL rejects the point on the \(suite.groupName) curve")
        }
    }
}
