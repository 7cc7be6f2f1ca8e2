import Canonical
/// What OpenSSL needs to know about each suite: key type, group, digest, the SM2 signer ID,
/// and the group order n (signature components must lie in [1, n-1]).
extension CryptoSuiteID {
    /// The GM/T 0009-2012 default signer ID, used for every SM2 signature on the chain.
    /// OpenSSL 3.0 does not apply it by itself (see SWIFT-STACK.md §2), so it is always set.
    static let sm2DefaultID: [UInt8] = Array("1234567812345678".utf8)

    /// The EVP_PKEY key type name ("EC" or "SM2").
    var keyType: String {
        switch self {
        case .p256SHA256: "EC"
        case .sm2SM3: "SM2"
        }
    }

    /// The OpenSSL group name, as OpenSSL reports it for a loaded key.
    var groupName: String {
        switch self {
        case .p256SHA256: "prime256v1"
        case .sm2SM3: "SM2"
        }
    }

    /// The EVP digest name used for signing and hashing.
    var digestName: String {
        switch self {
        case .p256SHA256: "SHA256"
        case .sm2SM3: "SM3"
        }
    }

    /// The signer ID to set on the signing/verifying context, if the suite has one.
    var signerID: [UInt8]? {
        self == .sm2SM3 ? Self.sm2DefaultID : nil
    }

    /// The group order n, 32 bytes big-endian.
    var groupOrder: [UInt8] {
        switch self {
        case .p256SHA256: Self.p256Order
        case .sm2SM3: Self.sm2Order
        }
    }

    private static let p256Order = constant("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")
    private static let sm2Order = constant("fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123")

    /// The bytes of a hex literal written in this file; traps on a typo.
    private static func constant(_ text: String) -> [UInt8] {
        guard let bytes = Hex.decode(text) else { preconditionFailure("bad hex constant \(text)") }
        return bytes
    }
}
