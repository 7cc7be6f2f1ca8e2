import COpenSSL

/// Signature verification through OpenSSL for either suite: range-check r and s, encode
/// them as DER, rebuild the public key from its point, and run EVP_DigestVerify.
enum OpenSSLVerifier {
    /// Whether the 64-byte r || s `signature` of `message` by `publicKey` is valid under
    /// `suite`. Never traps: every malformed input is simply invalid.
    static func verify(signature: [UInt8], of message: [UInt8], by publicKey: PublicKey, suite: CryptoSuiteID) -> Bool {
        guard publicKey.suite == suite,
              let der = SignatureEncoding.der(fromRaw: signature, suite: suite),
              let pkey = EVPKeys.publicKey(raw: publicKey.rawBytes, suite: suite) else { return false }
        defer { EVP_PKEY_free(pkey) }
        return EVPSignature.verify(der, of: message, key: pkey, suite: suite)
    }
}
