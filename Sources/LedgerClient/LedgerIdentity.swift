import EmbeddedNode
import Foundation
import Workflow

/// The organisation a ledger signs for, and its signing key.
///
/// ```swift
/// let identity = try LedgerIdentity.load(keystoreAt: url, passphrase: passphrase)
/// let ledger = RemoteLedger(client: client, identity: identity)
/// ```
public struct LedgerIdentity: Sendable {
    /// The organisation's identifier on the chain.
    public let organisationID: String
    /// Its signing key.
    public let key: SigningKey
    /// Whether the key is a demo key (it protects nothing).
    public let isDemo: Bool

    /// An identity from a key already in hand.
    public init(organisationID: String, key: SigningKey, isDemo: Bool = false) {
        self.organisationID = organisationID
        self.key = key
        self.isDemo = isDemo
    }

    /// Opens the organisation's keystore file with its passphrase. Reads at most
    /// `Keystore.maximumFileSize` bytes (one more, to refuse a larger file).
    public static func load(keystoreAt url: URL, passphrase: String) throws(LedgerIdentityError) -> LedgerIdentity {
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            data = try handle.read(upToCount: Keystore.maximumFileSize + 1) ?? Data()
        } catch {
            throw .unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        do {
            let opened = try Keystore.open(data, passphrase: passphrase)
            return LedgerIdentity(organisationID: opened.organisation, key: opened.key, isDemo: opened.demo)
        } catch {
            throw .keystore(error)
        }
    }
}

/// Why an organisation's identity could not be loaded.
public enum LedgerIdentityError: Error, Equatable, Sendable {
    /// The keystore file could not be read.
    case unreadableFile(path: String, reason: String)
    /// The keystore did not open: wrong passphrase, or a damaged file.
    case keystore(KeystoreError)

    /// The error in words for people.
    public func message(_ language: Language) -> String {
        switch self {
        case .unreadableFile(let path, let reason):
            language.pick("无法读取密钥文件「\(path)」：\(reason)", "Cannot read the keystore file \"\(path)\": \(reason)")
        case .keystore(let error): error.message(language == .chinese)
        }
    }
}
