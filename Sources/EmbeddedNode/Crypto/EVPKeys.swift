import COpenSSL

/// Building and inspecting EVP_PKEY objects for the suites' curves. Every returned key is
/// owned by the caller, who frees it with EVP_PKEY_free.
enum EVPKeys {
    /// An EVP_PKEY holding the public point `raw` (0x04 || x || y) on `suite`'s curve, built
    /// with EVP_PKEY_fromdata; `nil` if OpenSSL rejects the point (off the curve, a
    /// coordinate ≥ p, wrong length or form).
    static func publicKey(raw: [UInt8], suite: CryptoSuiteID) -> OpaquePointer? {
        guard raw.count == 65, raw[0] == 0x04,
              let ctx = EVP_PKEY_CTX_new_from_name(nil, suite.keyType, nil) else { return nil }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_fromdata_init(ctx) == 1 else { return nil }
        var group = Array(suite.groupName.utf8CString)
        var point = raw
        var pkey: OpaquePointer?
        let status = OSSL_PKEY_PARAM_GROUP_NAME.withCString { groupKey in
            OSSL_PKEY_PARAM_PUB_KEY.withCString { pointKey in
                group.withUnsafeMutableBufferPointer { groupName in
                    point.withUnsafeMutableBytes { pointBytes in
                        var params = [
                            OSSL_PARAM_construct_utf8_string(groupKey, groupName.baseAddress, 0),
                            OSSL_PARAM_construct_octet_string(pointKey, pointBytes.baseAddress, pointBytes.count),
                            OSSL_PARAM_construct_end(),
                        ]
                        return EVP_PKEY_fromdata(ctx, &pkey, publicSelection, &params)
                    }
                }
            }
        }
        guard status == 1, let pkey else {
            OpenSSLError.clear()
            return nil
        }
        return pkey
    }

    /// The key's public point as 65 bytes 0x04 || x || y; `nil` if it has none in that form.
    static func rawPoint(of pkey: OpaquePointer) -> [UInt8]? {
        var point = [UInt8](repeating: 0, count: 65)
        var length = 0
        guard EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, &point, point.count, &length) == 1,
              length == 65, point[0] == 0x04 else {
            OpenSSLError.clear()
            return nil
        }
        return point
    }

    /// The suite whose curve the key is on, or `nil` for any other kind of key.
    static func suite(of pkey: OpaquePointer) -> CryptoSuiteID? {
        var name = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, &name, name.count, &length) == 1 else {
            OpenSSLError.clear()
            return nil
        }
        let group = String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return CryptoSuiteID.allCases.first { $0.groupName == group && EVP_PKEY_is_a(pkey, $0.keyType) == 1 }
    }

    /// EVP_PKEY_PUBLIC_KEY: the domain parameters and the public key.
    private static let publicSelection = Int32(OSSL_KEYMGMT_SELECT_ALL_PARAMETERS | OSSL_KEYMGMT_SELECT_PUBLIC_KEY)
}
