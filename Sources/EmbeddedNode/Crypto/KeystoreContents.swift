import Foundation
import Canonical

/// A keystore file decoded and checked field by field, before any decryption: every way a
/// file can be malformed ends here as `KeystoreError.damaged` with the reason.
struct KeystoreContents {
    var header: KeystoreHeader
    var parameters: ScryptParameters
    var salt: [UInt8]
    var nonce: [UInt8]
    var ciphertext: [UInt8]
    var tag: [UInt8]

    /// Decodes and validates `data` (at most `Keystore.maximumFileSize` bytes).
    init(_ data: Data) throws(KeystoreError) {
        let file = try KeystoreFile.decode(data)
        header = try Self.header(of: file)
        guard file.kdf.name == KeystoreFile.kdfName else { throw .damaged("unknown kdf \"\(file.kdf.name)\"") }
        parameters = ScryptParameters(n: file.kdf.n, r: file.kdf.r, p: file.kdf.p)
        guard parameters.isAcceptable else {
            throw .damaged("scrypt parameters out of bounds (n a power of two ≤ 2^20, r ≤ 16, p ≤ 4)")
        }
        salt = try Self.hexField(file.kdf.salt, name: "kdf.salt", count: KeystoreCipher.saltLength)
        guard file.cipher.name == KeystoreFile.cipherName else { throw .damaged("unknown cipher \"\(file.cipher.name)\"") }
        nonce = try Self.hexField(file.cipher.nonce, name: "cipher.nonce", count: KeystoreCipher.nonceLength)
        tag = try Self.hexField(file.cipher.tag, name: "cipher.tag", count: KeystoreCipher.tagLength)
        ciphertext = try Self.hexField(file.cipher.ciphertext, name: "cipher.ciphertext", count: nil)
        guard !ciphertext.isEmpty else { throw .damaged("cipher.ciphertext is empty") }
    }

    /// The header fields, checked: known format, version and suite, a valid public point.
    private static func header(of file: KeystoreFile) throws(KeystoreError) -> KeystoreHeader {
        guard file.format == KeystoreFile.formatName else { throw .damaged("format is not \"\(KeystoreFile.formatName)\"") }
        guard file.version == KeystoreFile.currentVersion else { throw .damaged("unknown version \(file.version)") }
        guard let suite = CryptoSuiteID(rawValue: file.suite) else { throw .damaged("unknown suite \"\(file.suite)\"") }
        let raw = try hexField(file.publicKey, name: "publicKey", count: 65)
        let publicKey: PublicKey
        do {
            publicKey = try PublicKey(suite: suite, rawBytes: raw)
        } catch {
            throw .damaged("publicKey is not a point on the \(suite.rawValue) curve")
        }
        return KeystoreHeader(organisation: file.organisation, suite: suite, publicKey: publicKey, demo: file.demo)
    }

    /// The bytes of a hex field, which must be exactly `count` bytes when given.
    private static func hexField(_ text: String, name: String, count: Int?) throws(KeystoreError) -> [UInt8] {
        guard let bytes = Hex.decode(text) else { throw .damaged("bad hex in \(name)") }
        if let count, bytes.count != count { throw .damaged("\(name) must be \(count) bytes, not \(bytes.count)") }
        return bytes
    }
}
