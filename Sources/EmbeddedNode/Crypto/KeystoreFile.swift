import Foundation

/// The keystore's JSON document, field for field, as written for people to read.
struct KeystoreFile: Codable {
    /// The scrypt parameters and salt.
    struct KDF: Codable {
        var name: String
        var n: Int
        var r: Int
        var p: Int
        var salt: String
    }

    /// The AES-256-GCM nonce, ciphertext and tag.
    struct Cipher: Codable {
        var name: String
        var nonce: String
        var ciphertext: String
        var tag: String
    }

    static let formatName = "fundchain-keystore"
    static let currentVersion = 1
    static let kdfName = "scrypt"
    static let cipherName = "aes-256-gcm"

    var format: String
    var version: Int
    var organisation: String
    var suite: String
    var publicKey: String
    var kdf: KDF
    var cipher: Cipher
    var demo: Bool

    /// Pretty-printed JSON with sorted keys (stable, and diff-friendly).
    func encoded() throws(KeystoreError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self)
        } catch {
            throw .damaged("cannot encode JSON: \(error)")
        }
    }

    /// Decodes the document; `.damaged` says which field is missing or mistyped.
    static func decode(_ data: Data) throws(KeystoreError) -> KeystoreFile {
        guard data.count <= Keystore.maximumFileSize else {
            throw .damaged("file is larger than \(Keystore.maximumFileSize) bytes")
        }
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw .damaged("not a JSON object")
        }
        do {
            return try JSONDecoder().decode(KeystoreFile.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw .damaged("missing field \(path(context.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw .damaged("field \(path(context.codingPath)) has the wrong type")
        } catch {
            throw .damaged("unreadable JSON: \(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map(\.stringValue).joined(separator: ".")
    }
}
