import COpenSSL

/// One-shot EVP_DigestSign / EVP_DigestVerify for a suite: SHA-256 for P-256, SM3 with the
/// Z value of the default signer ID for SM2. Signatures here are DER, as OpenSSL uses them.
enum EVPSignature {
    /// The DER signature of `message` by the private key `pkey`.
    static func sign(_ message: [UInt8], key pkey: OpaquePointer, suite: CryptoSuiteID) throws(CryptoError) -> [UInt8] {
        guard let mctx = EVP_MD_CTX_new() else { throw OpenSSLError.make("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(mctx) }
        var pctx: OpaquePointer?
        guard EVP_DigestSignInit_ex(mctx, &pctx, suite.digestName, nil, nil, pkey, nil) == 1,
              setSignerID(pctx, suite: suite) else { throw OpenSSLError.make("EVP_DigestSignInit_ex") }
        var length = 0
        guard EVP_DigestSign(mctx, nil, &length, message, message.count) == 1 else {
            throw OpenSSLError.make("EVP_DigestSign (size)")
        }
        var der = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(mctx, &der, &length, message, message.count) == 1 else {
            throw OpenSSLError.make("EVP_DigestSign")
        }
        return Array(der.prefix(length))
    }

    /// Whether `der` is a valid signature of `message` by the public key `pkey`.
    static func verify(_ der: [UInt8], of message: [UInt8], key pkey: OpaquePointer, suite: CryptoSuiteID) -> Bool {
        guard let mctx = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(mctx) }
        var pctx: OpaquePointer?
        let valid = EVP_DigestVerifyInit_ex(mctx, &pctx, suite.digestName, nil, nil, pkey, nil) == 1
            && setSignerID(pctx, suite: suite)
            && EVP_DigestVerify(mctx, der, der.count, message, message.count) == 1
        if !valid { OpenSSLError.clear() }
        return valid
    }

    /// Sets the suite's signer ID (SM2 only) on a freshly initialised context.
    private static func setSignerID(_ pctx: OpaquePointer?, suite: CryptoSuiteID) -> Bool {
        guard let id = suite.signerID else { return true }
        return EVP_PKEY_CTX_set1_id(pctx, id, Int32(id.count)) == 1
    }
}
