import Canonical
/// The keystore fields readable without the passphrase. All of them are bound to the
/// ciphertext as AES-GCM additional data, so changing any one makes the tag fail.
struct KeystoreHeader: Equatable {
    var organisation: String
    var suite: CryptoSuiteID
    var publicKey: PublicKey
    var demo: Bool

    /// The canonical header used as AAD: the fields format, version, organisation, suite,
    /// publicKey (lower-case hex) and demo ("true"/"false"), each as a 4-byte big-endian
    /// length followed by its UTF-8 bytes. Length prefixes make it unambiguous whatever
    /// the organisation's name contains, and it does not depend on a JSON encoder.
    var authenticatedData: [UInt8] {
        let fields = [
            KeystoreFile.formatName, String(KeystoreFile.currentVersion), organisation, suite.rawValue,
            Hex.encode(publicKey.rawBytes), demo ? "true" : "false",
        ]
        var bytes: [UInt8] = []
        for field in fields {
            let utf8 = Array(field.utf8)
            let length = UInt32(utf8.count)
            bytes += [UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)]
            bytes += utf8
        }
        return bytes
    }
}
