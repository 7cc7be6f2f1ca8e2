import Canonical
import Workflow

/// A file checked against the chain: its SHA-256 and what is anchored under the key.
public struct DocumentCheck: Sendable, Equatable {
    /// The verdict.
    public enum Verdict: Sendable, Equatable {
        /// The chain holds this file's SHA-256 under the key.
        case match
        /// The chain holds another hash under the key.
        case mismatch
        /// Nothing is anchored under the key.
        case notAnchored
    }

    /// The anchor key.
    public let key: String
    /// The file's SHA-256.
    public let fileHash: [UInt8]
    /// The hash anchored under the key, if any.
    public let anchoredHash: [UInt8]?

    /// Creates a check.
    public init(key: String, fileHash: [UInt8], anchoredHash: [UInt8]?) {
        self.key = key
        self.fileHash = fileHash
        self.anchoredHash = anchoredHash
    }

    /// The verdict.
    public var verdict: Verdict {
        guard let anchoredHash else { return .notAnchored }
        return anchoredHash == fileHash ? .match : .mismatch
    }

    /// The verdict in words, with the SHA-256 hashes that decide it in full.
    public var words: [Bilingual] {
        let file = Hex.encode(fileHash)
        switch verdict {
        case .match:
            return [Bilingual("一致：文件正是键「\(key)」下存证的文件", "MATCH: the file is the document anchored under \(key)"),
                    Bilingual("文件：\(file)", "file:  \(file)")]
        case .mismatch:
            let chain = Hex.encode(anchoredHash ?? [])
            return [Bilingual("不一致：文件与键「\(key)」下存证的文件不同（SHA-256 如下）", "MISMATCH: another document is anchored under \(key)"),
                    Bilingual("文件：\(file)", "file:  \(file)"),
                    Bilingual("链上：\(chain)", "chain: \(chain)")]
        case .notAnchored:
            return [Bilingual("未存证：链上没有键「\(key)」", "NOT ANCHORED: the chain has no key \(key)"),
                    Bilingual("文件：\(file)", "file:  \(file)")]
        }
    }
}
