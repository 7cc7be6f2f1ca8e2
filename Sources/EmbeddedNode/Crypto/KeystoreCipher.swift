import COpenSSL
import Foundation

/// The keystore's cryptography through OpenSSL: scrypt (EVP_PBE_scrypt) turns the passphrase
/// into a 256-bit key, and AES-256-GCM (EVP_aes_256_gcm) seals the PKCS#8 DER.
enum KeystoreCipher {
    static let keyLength = 32
    static let saltLength = 16
    static let nonceLength = 12
    static let tagLength = 16

    /// `count` bytes from the system CSPRNG (getrandom on Linux). OpenSSL's RAND_bytes is
    /// not reachable: the COpenSSL shim does not include <openssl/rand.h>.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The AES key for `passphrase` (its UTF-8 bytes in Unicode NFC, so that the same
    /// characters typed through different input methods give the same key).
    static func deriveKey(passphrase: String, salt: [UInt8], parameters: ScryptParameters) throws(KeystoreError) -> [UInt8] {
        let password = Array(passphrase.precomposedStringWithCanonicalMapping.utf8)
        var key = [UInt8](repeating: 0, count: keyLength)
        let status = password.withUnsafeBytes { pass in
            EVP_PBE_scrypt(pass.baseAddress?.assumingMemoryBound(to: CChar.self), pass.count,
                           salt, salt.count, UInt64(parameters.n), UInt64(parameters.r),
                           UInt64(parameters.p), parameters.memoryBytes, &key, key.count)
        }
        guard status == 1 else { throw .crypto(OpenSSLError.make("EVP_PBE_scrypt")) }
        return key
    }

    /// Encrypts `plaintext` under `key` and `nonce`, authenticating `aad`; returns the
    /// ciphertext and the 16-byte tag.
    static func seal(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], aad: [UInt8]) throws(KeystoreError) -> (ciphertext: [UInt8], tag: [UInt8]) {
        guard let ctx = EVP_CIPHER_CTX_new() else { throw .crypto(OpenSSLError.make("EVP_CIPHER_CTX_new")) }
        defer { EVP_CIPHER_CTX_free(ctx) }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        var tag = [UInt8](repeating: 0, count: tagLength)
        var scratch = [UInt8](repeating: 0, count: 16)
        var length: Int32 = 0
        guard EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, key, nonce) == 1,
              EVP_EncryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1,
              EVP_EncryptUpdate(ctx, &ciphertext, &length, plaintext, Int32(plaintext.count)) == 1,
              EVP_EncryptFinal_ex(ctx, &scratch, &length) == 1,
              EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, Int32(tagLength), &tag) == 1 else {
            throw .crypto(OpenSSLError.make("AES-256-GCM encrypt"))
        }
        return (ciphertext, tag)
    }

    /// Decrypts and checks the tag; `.wrongPassphrase` if the tag does not verify.
    static func open(_ ciphertext: [UInt8], tag: [UInt8], key: [UInt8], nonce: [UInt8], aad: [UInt8]) throws(KeystoreError) -> [UInt8] {
        guard let ctx = EVP_CIPHER_CTX_new() else { throw .crypto(OpenSSLError.make("EVP_CIPHER_CTX_new")) }
        defer { EVP_CIPHER_CTX_free(ctx) }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count)
        var expected = tag
        var length: Int32 = 0
        guard EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, key, nonce) == 1,
              EVP_DecryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1,
              EVP_DecryptUpdate(ctx, &plaintext, &length, ciphertext, Int32(ciphertext.count)) == 1,
              EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(tagLength), &expected) == 1 else {
            throw .crypto(OpenSSLError.make("AES-256-GCM decrypt"))
        }
        var scratch = [UInt8](repeating: 0, count: 16)
        guard EVP_DecryptFinal_ex(ctx, &scratch, &length) == 1 else {
            OpenSSLError.clear()
            wipe(&plaintext)
            throw .wrongPassphrase
        }
        return plaintext
    }

    /// Overwrites secret bytes with zeros (best effort: Swift may have copied them).
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
    }
}
