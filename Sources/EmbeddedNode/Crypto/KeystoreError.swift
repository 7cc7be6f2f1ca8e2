/// Why a keystore could not be created, opened or re-keyed.
public enum KeystoreError: Error, Equatable, Sendable {
    /// The GCM tag did not verify: the passphrase is wrong, or the file's header or
    /// ciphertext was changed (the two cannot be told apart).
    case wrongPassphrase
    /// The file is not a keystore this version can read; the reason says what is wrong.
    case damaged(String)
    /// A non-demo keystore needs a passphrase of at least `Keystore.minimumPassphraseLength`
    /// characters.
    case weakPassphrase
    /// OpenSSL failed, or the decrypted key is not usable.
    case crypto(CryptoError)

    /// A message for people, in Chinese if `chinese`, otherwise in English. The damage
    /// reason is technical detail and stays in English in both.
    public func message(_ chinese: Bool) -> String {
        switch self {
        case .wrongPassphrase:
            chinese ? "口令错误，或密钥文件已被改动。" : "Wrong passphrase, or the keystore file has been altered."
        case .damaged(let reason):
            chinese ? "密钥文件已损坏或格式不受支持（\(reason)）。" : "The keystore file is damaged or unsupported (\(reason))."
        case .weakPassphrase:
            chinese
                ? "口令太短：至少需要 \(Keystore.minimumPassphraseLength) 个字符。"
                : "The passphrase is too short: at least \(Keystore.minimumPassphraseLength) characters are required."
        case .crypto(let error):
            chinese ? "密码运算失败：\(error)" : "A cryptographic operation failed: \(error)"
        }
    }
}
