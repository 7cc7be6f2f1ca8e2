import COpenSSL

/// Converting between the chain's 64-byte r || s signatures and the DER `ECDSA-Sig-Value`
/// that OpenSSL's EVP_DigestSign produces and EVP_DigestVerify expects (SM2 uses the same
/// structure), with OpenSSL's ECDSA_SIG functions.
enum SignatureEncoding {
    /// The length of one component, and of the raw signature.
    static let componentLength = 32
    static let rawLength = 64

    /// Whether `raw` is 64 bytes with r and s both in [1, n-1] for `suite`'s group order n.
    static func isInRange(_ raw: [UInt8], suite: CryptoSuiteID) -> Bool {
        guard raw.count == rawLength else { return false }
        let order = suite.groupOrder
        let r = raw[0..<componentLength], s = raw[componentLength..<rawLength]
        return [r, s].allSatisfy { component in
            component.contains { $0 != 0 } && component.lexicographicallyPrecedes(order)
        }
    }

    /// The DER encoding of the raw signature; `nil` if it is out of range or OpenSSL fails.
    static func der(fromRaw raw: [UInt8], suite: CryptoSuiteID) -> [UInt8]? {
        guard isInRange(raw, suite: suite), let sig = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(sig) }
        let r = raw.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32(componentLength), nil) }
        let s = raw.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress! + componentLength, Int32(componentLength), nil) }
        guard let r, let s, ECDSA_SIG_set0(sig, r, s) == 1 else {
            BN_free(r)
            BN_free(s)
            return nil
        }
        let length = i2d_ECDSA_SIG(sig, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            return i2d_ECDSA_SIG(sig, &cursor)
        }
        return written == length ? der : nil
    }

    /// The raw r || s of a DER signature made by OpenSSL; `nil` if it does not parse or a
    /// component does not fit in 32 bytes.
    static func raw(fromDER der: [UInt8]) -> [UInt8]? {
        let parsed = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &cursor, buffer.count)
        }
        guard let sig = parsed else { return nil }
        defer { ECDSA_SIG_free(sig) }
        guard let r = ECDSA_SIG_get0_r(sig), let s = ECDSA_SIG_get0_s(sig) else { return nil }
        var raw = [UInt8](repeating: 0, count: rawLength)
        let ok = raw.withUnsafeMutableBufferPointer { buffer in
            BN_bn2binpad(r, buffer.baseAddress, Int32(componentLength)) == Int32(componentLength)
                && BN_bn2binpad(s, buffer.baseAddress! + componentLength, Int32(componentLength)) == Int32(componentLength)
        }
        return ok ? raw : nil
    }
}
