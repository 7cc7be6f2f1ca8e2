import Foundation
import Canonical

/// An organisation's signing key in a passphrase-protected JSON file:
///
///     {"format":"fundchain-keystore","version":1,"organisation":"county-hq","suite":"p256-sha256",
///      "publicKey":"<hex>","kdf":{"name":"scrypt","n":32768,"r":8,"p":1,"salt":"<hex 16>"},
///      "cipher":{"name":"aes-256-gcm","nonce":"<hex 12>","ciphertext":"<hex>","tag":"<hex 16>"},
///      "demo":false}
///
/// The plaintext is the key's PKCS#8 DER; the AAD is `KeystoreHeader.authenticatedData`.
public enum Keystore {
    /// The shortest passphrase accepted for a non-demo keystore, in characters.
    public static let minimumPassphraseLength = 8
    /// The largest file `open` and `header` will read (64 KiB).
    public static let maximumFileSize = 64 * 1024

    /// A new keystore file for `key`, encrypted under `passphrase`; `.weakPassphrase` if the
    /// passphrase is shorter than 8 characters and `demo` is false.
    public static func create(key: SigningKey, organisation: String, passphrase: String, demo: Bool) throws(KeystoreError) -> Data {
        guard demo || passphrase.count >= minimumPassphraseLength else { throw .weakPassphrase }
        let header = KeystoreHeader(organisation: organisation, suite: key.suite, publicKey: key.publicKey, demo: demo)
        let parameters = ScryptParameters.standard
        let salt = KeystoreCipher.randomBytes(KeystoreCipher.saltLength)
        let nonce = KeystoreCipher.randomBytes(KeystoreCipher.nonceLength)
        var aesKey = try KeystoreCipher.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters)
        var plaintext = key.pkcs8DER
        defer {
            KeystoreCipher.wipe(&aesKey)
            KeystoreCipher.wipe(&plaintext)
        }
        let sealed = try KeystoreCipher.seal(plaintext, key: aesKey, nonce: nonce, aad: header.authenticatedData)
        let file = KeystoreFile(
            format: KeystoreFile.formatName, version: KeystoreFile.currentVersion, organisation: organisation,
            suite: key.suite.rawValue, publicKey: Hex.encode(key.publicKey.rawBytes),
            kdf: .init(name: KeystoreFile.kdfName, n: parameters.n, r: parameters.r, p: parameters.p, salt: Hex.encode(salt)),
            cipher: .init(name: KeystoreFile.cipherName, nonce: Hex.encode(nonce),
                          ciphertext: Hex.encode(sealed.ciphertext), tag: Hex.encode(sealed.tag)),
            demo: demo)
        return try file.encoded()
    }

    /// Decrypts a keystore: `.wrongPassphrase` if the tag fails, `.damaged` if the file is
    /// malformed or the decrypted key does not match the header's public key.
    public static func open(_ data: Data, passphrase: String) throws(KeystoreError) -> (organisation: String, key: SigningKey, demo: Bool) {
        let contents = try KeystoreContents(data)
        let header = contents.header
        var aesKey = try KeystoreCipher.deriveKey(passphrase: passphrase, salt: contents.salt, parameters: contents.parameters)
        defer { KeystoreCipher.wipe(&aesKey) }
        var plaintext = try KeystoreCipher.open(contents.ciphertext, tag: contents.tag, key: aesKey,
                                                nonce: contents.nonce, aad: header.authenticatedData)
        defer { KeystoreCipher.wipe(&plaintext) }
        let key: SigningKey
        do {
            key = try SigningKey(pkcs8DER: plaintext, suite: header.suite)
        } catch {
            throw .damaged("the decrypted key is not a \(header.suite.rawValue) private key")
        }
        guard key.publicKey == header.publicKey else { throw .damaged("publicKey does not match the decrypted key") }
        return (header.organisation, key, header.demo)
    }

    /// The same key re-encrypted under `to` (with a new salt and nonce); the old passphrase
    /// no longer opens the result. `.weakPassphrase` if `to` is too short for a non-demo file.
    public static func changePassphrase(_ data: Data, from: String, to: String) throws(KeystoreError) -> Data {
        let opened = try open(data, passphrase: from)
        return try create(key: opened.key, organisation: opened.organisation, passphrase: to, demo: opened.demo)
    }

    /// The fields readable without the passphrase, after the same checks as `open`.
    public static func header(_ data: Data) throws(KeystoreError) -> (organisation: String, suite: CryptoSuiteID, publicKey: PublicKey, demo: Bool) {
        let header = try KeystoreContents(data).header
        return (header.organisation, header.suite, header.publicKey, header.demo)
    }
}
