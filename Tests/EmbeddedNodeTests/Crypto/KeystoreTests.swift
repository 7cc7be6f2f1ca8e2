import Canonical
import Foundation
import Testing
@testable import EmbeddedNode

/// The passphrase-protected key file.
@Suite struct KeystoreTests {
    static let passphrase = "县级扶贫办-2026-secret"

    static func make(_ suite: CryptoSuiteID = .p256SHA256, demo: Bool = false) throws -> (SigningKey, Data) {
        let key = try SigningKey(generating: suite)
        return (key, try Keystore.create(key: key, organisation: "county-hq", passphrase: passphrase, demo: demo))
    }

    /// The file as a mutable JSON dictionary, changed by `edit` and re-encoded.
    static func edited(_ data: Data, _ edit: (inout [String: Any]) -> Void) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    static func damageReason(_ data: Data) -> String? {
        do {
            _ = try Keystore.open(data, passphrase: passphrase)
            return nil
        } catch {
            if case .damaged(let reason) = error { return reason }
            return "not damaged: \(error)"
        }
    }

    @Test(arguments: CryptoSuiteID.allCases)
    func roundTrip(suite: CryptoSuiteID) throws {
        let (key, data) = try Self.make(suite)
        let opened = try Keystore.open(data, passphrase: Self.passphrase)
        #expect(opened.organisation == "county-hq" && !opened.demo && opened.key.suite == suite)
        #expect(opened.key.publicKey == key.publicKey)
        let message = Array("after reopening".utf8)
        #expect(CryptoSuites.suite(suite).verify(signature: try opened.key.sign(message), of: message, by: key.publicKey))
    }

    @Test func fileIsReadableJSONInTheDocumentedShape() throws {
        let (key, data) = try Self.make()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["format"] as? String == "fundchain-keystore" && object["version"] as? Int == 1)
        #expect(object["suite"] as? String == "p256-sha256" && object["demo"] as? Bool == false)
        #expect(object["publicKey"] as? String == Hex.encode(key.publicKey.rawBytes))
        let kdf = try #require(object["kdf"] as? [String: Any]), cipher = try #require(object["cipher"] as? [String: Any])
        #expect(kdf["name"] as? String == "scrypt" && kdf["n"] as? Int == 32768 && kdf["r"] as? Int == 8 && kdf["p"] as? Int == 1)
        #expect((kdf["salt"] as? String)?.count == 32 && (cipher["nonce"] as? String)?.count == 24)
        #expect(cipher["name"] as? String == "aes-256-gcm" && (cipher["tag"] as? String)?.count == 32)
        #expect(String(decoding: data, as: UTF8.self).contains("\n"))
    }

    @Test func wrongPassphraseIsReported() throws {
        let (_, data) = try Self.make()
        #expect(throws: KeystoreError.wrongPassphrase) { try Keystore.open(data, passphrase: "not the passphrase") }
        #expect(throws: KeystoreError.wrongPassphrase) { try Keystore.open(data, passphrase: "") }
    }

    /// The header, demo flag and ciphertext are authenticated: changing them fails the tag.
    @Test func authenticatedFieldsCannotBeChanged() throws {
        let (_, data) = try Self.make()
        let changes: [(inout [String: Any]) -> Void] = [
            { $0["organisation"] = "rogue-org" },
            { $0["demo"] = true },
            { object in
                var cipher = object["cipher"] as! [String: Any]
                var text = Array(cipher["ciphertext"] as! String)
                text[0] = text[0] == "0" ? "1" : "0"
                cipher["ciphertext"] = String(text)
                object["cipher"] = cipher
            },
        ]
        for change in changes {
            #expect(throws: KeystoreError.wrongPassphrase) { try Keystore.open(try Self.edited(data, change), passphrase: Self.passphrase) }
        }
    }

    @Test func eachKindOfDamageHasAReason() throws {
        let (_, data) = try Self.make()
        func kdf(_ key: String, _ value: Any) -> (inout [String: Any]) -> Void {
            { object in var kdf = object["kdf"] as! [String: Any]; kdf[key] = value; object["kdf"] = kdf }
        }
        func cipher(_ key: String, _ value: Any) -> (inout [String: Any]) -> Void {
            { object in var cipher = object["cipher"] as! [String: Any]; cipher[key] = value; object["cipher"] = cipher }
        }
        let cases: [(String, (inout [String: Any]) -> Void)] = [
            ("missing field cipher.tag", { object in var c = object["cipher"] as! [String: Any]; c["tag"] = nil; object["cipher"] = c }),
            ("missing field organisation", { $0["organisation"] = nil }),
            ("field version has the wrong type", { $0["version"] = "1" }),
            ("unknown version 2", { $0["version"] = 2 }),
            ("format is not", { $0["format"] = "ethereum-keystore" }),
            ("unknown suite", { $0["suite"] = "ed25519" }),
            ("bad hex in publicKey", { $0["publicKey"] = "04zz" }),
            ("publicKey must be 65 bytes", { $0["publicKey"] = "04" }),
            ("publicKey is not a point", { $0["publicKey"] = "04" + String(repeating: "11", count: 64) }),
            ("publicKey is not a point", { $0["suite"] = "sm2-sm3" }),
            ("unknown kdf", kdf("name", "pbkdf2")),
            ("scrypt parameters out of bounds", kdf("n", 1 << 21)),
            ("scrypt parameters out of bounds", kdf("n", 30000)),
            ("scrypt parameters out of bounds", kdf("r", 17)),
            ("scrypt parameters out of bounds", kdf("p", 5)),
            ("scrypt parameters out of bounds", kdf("p", 0)),
            ("bad hex in kdf.salt", kdf("salt", "xyz")),
            ("kdf.salt must be 16 bytes", kdf("salt", "00")),
            ("unknown cipher", cipher("name", "aes-128-cbc")),
            ("cipher.nonce must be 12 bytes", cipher("nonce", "0011")),
            ("cipher.tag must be 16 bytes", cipher("tag", "")),
            ("cipher.ciphertext is empty", cipher("ciphertext", "")),
            ("bad hex in cipher.ciphertext", cipher("ciphertext", "0g")),
        ]
        for (expected, change) in cases {
            let reason = Self.damageReason(try Self.edited(data, change))
            #expect(reason?.contains(expected) == true, "expected \(expected), got \(reason ?? "success")")
        }
    }

    @Test func nonJSONAndOversizedFilesAreDamaged() throws {
        #expect(Self.damageReason(Data("not json".utf8))?.contains("not a JSON object") == true)
        #expect(Self.damageReason(Data("[1,2]".utf8))?.contains("not a JSON object") == true)
        #expect(Self.damageReason(Data())?.contains("not a JSON object") == true)
        let (_, data) = try Self.make()
        let padded = try Self.edited(data) { $0["comment"] = String(repeating: "x", count: 70_000) }
        #expect(Self.damageReason(padded)?.contains("larger than 65536") == true)
        #expect(throws: KeystoreError.self) { try Keystore.header(padded) }
    }

    /// A file whose (authenticated) header names a different public key than the key inside.
    @Test func publicKeyMismatchIsDamage() throws {
        let key = try SigningKey(generating: .p256SHA256), stranger = try SigningKey(generating: .p256SHA256)
        let header = KeystoreHeader(organisation: "county-hq", suite: .p256SHA256, publicKey: stranger.publicKey, demo: false)
        let salt = KeystoreCipher.randomBytes(16), nonce = KeystoreCipher.randomBytes(12)
        let aesKey = try KeystoreCipher.deriveKey(passphrase: Self.passphrase, salt: salt, parameters: .standard)
        let sealed = try KeystoreCipher.seal(key.pkcs8DER, key: aesKey, nonce: nonce, aad: header.authenticatedData)
        let file = KeystoreFile(
            format: "fundchain-keystore", version: 1, organisation: "county-hq", suite: "p256-sha256",
            publicKey: Hex.encode(stranger.publicKey.rawBytes),
            kdf: .init(name: "scrypt", n: 32768, r: 8, p: 1, salt: Hex.encode(salt)),
            cipher: .init(name: "aes-256-gcm", nonce: Hex.encode(nonce), ciphertext: Hex.encode(sealed.ciphertext), tag: Hex.encode(sealed.tag)),
            demo: false)
        #expect(Self.damageReason(try file.encoded()) == "publicKey does not match the decrypted key")
    }

    @Test func changedPassphraseWorksAndOldFails() throws {
        let (key, data) = try Self.make(.sm2SM3)
        let changed = try Keystore.changePassphrase(data, from: Self.passphrase, to: "新的口令-new-passphrase")
        #expect(try Keystore.open(changed, passphrase: "新的口令-new-passphrase").key.publicKey == key.publicKey)
        #expect(throws: KeystoreError.wrongPassphrase) { try Keystore.open(changed, passphrase: Self.passphrase) }
        #expect(throws: KeystoreError.wrongPassphrase) { try Keystore.changePassphrase(data, from: "wrong-passphrase", to: "whatever-else") }
        #expect(throws: KeystoreError.weakPassphrase) { try Keystore.changePassphrase(data, from: Self.passphrase, to: "short") }
    }

    @Test func passphraseStrength() throws {
        let key = try SigningKey(generating: .p256SHA256)
        #expect(throws: KeystoreError.weakPassphrase) { try Keystore.create(key: key, organisation: "o", passphrase: "1234567", demo: false) }
        let demo = try Keystore.create(key: key, organisation: "demo-village", passphrase: "demo", demo: true)
        let opened = try Keystore.open(demo, passphrase: "demo")
        #expect(opened.demo && opened.organisation == "demo-village")
        // Eight Chinese characters are eight characters.
        let chinese = try Keystore.create(key: key, organisation: "o", passphrase: "扶贫资金安全管理", demo: false)
        #expect(try Keystore.open(chinese, passphrase: "扶贫资金安全管理").key.publicKey == key.publicKey)
    }

    /// "é" typed precomposed or as e + combining accent opens the same file.
    @Test func passphraseIsNormalised() throws {
        let key = try SigningKey(generating: .p256SHA256)
        let data = try Keystore.create(key: key, organisation: "o", passphrase: "caf\u{E9}-passphrase", demo: false)
        #expect(try Keystore.open(data, passphrase: "cafe\u{301}-passphrase").key.publicKey == key.publicKey)
    }

    @Test func headerNeedsNoPassphrase() throws {
        let (key, data) = try Self.make(.sm2SM3, demo: true)
        let header = try Keystore.header(data)
        #expect(header.organisation == "county-hq" && header.suite == .sm2SM3 && header.publicKey == key.publicKey && header.demo)
    }

    @Test func messagesInBothLanguages() {
        let errors: [KeystoreError] = [.wrongPassphrase, .damaged("bad hex in kdf.salt"), .weakPassphrase,
                                       .crypto(.openSSL(operation: "EVP_PBE_scrypt", detail: "x"))]
        for error in errors {
            let chinese = error.message(true), english = error.message(false)
            #expect(!chinese.isEmpty && !english.isEmpty && chinese != english)
            #expect(chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
        }
        #expect(KeystoreError.damaged("bad hex in kdf.salt").message(false).contains("bad hex in kdf.salt"))
    }
}
