import COpenSSL

/// SM3 (GB/T 32905-2016) through OpenSSL 3's EVP interface: the hash of the SM2/SM3 suite.
public enum SM3Digest {
    /// The digest length in bytes.
    public static let byteCount = 32

    /// The SM3 digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        guard let md = EVP_MD_fetch(nil, "SM3", nil) else { preconditionFailure("OpenSSL has no SM3") }
        defer { EVP_MD_free(md) }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = bytes.withUnsafeBufferPointer { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, md, nil)
        }
        precondition(status == 1 && length == UInt32(byteCount), "EVP_Digest(SM3) failed")
        return Array(digest.prefix(byteCount))
    }
}
