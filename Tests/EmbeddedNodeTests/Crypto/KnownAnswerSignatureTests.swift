import COpenSSL
import Testing
@testable import EmbeddedNode

/// Published signature vectors:
/// - P-256/SHA-256: RFC 6979 Appendix A.2.5 (key x = C9AFA9D8…, messages "sample" and "test").
/// - SM2/SM3: GM/T 0003.5-2012 Annex A = GB/T 32918.5 (recommended curve, d = 3945208F…,
///   message "message digest", default ID "1234567812345678"), as used by OpenSSL's
///   test/sm2_internal_test.c.
@Suite struct KnownAnswerSignatureTests {
    static let rfc6979PrivateKey = bytes("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721")
    static let rfc6979PublicKey = bytes("""
        04 60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6
           7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299
        """)
    static let rfc6979Sample = bytes("""
        EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716
        F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8
        """)
    static let rfc6979Test = bytes("""
        F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367
        019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083
        """)
    static let gmPrivateKey = bytes("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8")
    static let gmPublicKey = bytes("""
        04 09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020
           CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13
        """)
    static let gmSignature = bytes("""
        F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3
        B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA
        """)

    @Test(arguments: [P256SHA256Suite.Verifier.openSSL, .swiftCrypto])
    func p256RFC6979Vectors(verifier: P256SHA256Suite.Verifier) throws {
        let suite = P256SHA256Suite(verifier: verifier)
        let key = try PublicKey(suite: .p256SHA256, rawBytes: Self.rfc6979PublicKey)
        #expect(suite.verify(signature: Self.rfc6979Sample, of: Array("sample".utf8), by: key))
        #expect(suite.verify(signature: Self.rfc6979Test, of: Array("test".utf8), by: key))
        #expect(!suite.verify(signature: Self.rfc6979Sample, of: Array("test".utf8), by: key))
        #expect(!suite.verify(signature: Self.rfc6979Test, of: Array("sample".utf8), by: key))
    }

    @Test func sm2GMT0003Vector() throws {
        let key = try PublicKey(suite: .sm2SM3, rawBytes: Self.gmPublicKey)
        let message = Array("message digest".utf8)
        #expect(SM2SM3Suite().verify(signature: Self.gmSignature, of: message, by: key))
        #expect(!SM2SM3Suite().verify(signature: Self.gmSignature, of: Array("message digesT".utf8), by: key))
    }

    /// The published private keys load from PKCS#8 and give the published public points;
    /// signatures made with them verify (OpenSSL signs with a random k, so r and s differ
    /// from the published ones).
    @Test(arguments: CryptoSuiteID.allCases)
    func publishedPrivateKeysGivePublishedPublicKeys(suite: CryptoSuiteID) throws {
        let (scalar, point) = suite == .sm2SM3
            ? (Self.gmPrivateKey, Self.gmPublicKey) : (Self.rfc6979PrivateKey, Self.rfc6979PublicKey)
        let key = try SigningKey(pem: pkcs8PEM(privateScalar: scalar, suite: suite), suite: suite)
        #expect(key.publicKey.rawBytes == point)
        let message = Array("message digest".utf8)
        let signature = try key.sign(message)
        #expect(signature.count == 64)
        #expect(CryptoSuites.suite(suite).verify(signature: signature, of: message, by: key.publicKey))
    }

    /// The hard-coded group orders are OpenSSL's.
    @Test(arguments: CryptoSuiteID.allCases)
    func groupOrdersMatchOpenSSL(suite: CryptoSuiteID) {
        let group = EC_GROUP_new_by_curve_name(suite == .sm2SM3 ? NID_sm2 : NID_X9_62_prime256v1)
        defer { EC_GROUP_free(group) }
        var order = [UInt8](repeating: 0, count: 32)
        #expect(BN_bn2binpad(EC_GROUP_get0_order(group), &order, 32) == 32)
        #expect(order == suite.groupOrder)
    }
}
