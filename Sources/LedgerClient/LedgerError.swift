import EmbeddedNode
import Workflow

/// Why a `Ledger` call gave no answer.
public enum LedgerError: Error, Equatable, Sendable {
    /// The node (or the ledger's own check, before asking) refused the request: a stable
    /// reason code ("badSignature", "nonceUsed", "malformedAccountNumber") and its words in
    /// English and Chinese.
    case rejected(code: String, message: String, messageZh: String)
    /// What was waited for did not happen in time.
    case timeout
    /// The chain does not know what was asked about (this organisation, for its inbox).
    case notFound
    /// The node could not be asked: connection, authorisation or node storage failed.
    case transport(String)
    /// The node answered with something this client cannot read.
    case malformedAnswer(String)
    /// The organisation's key could not sign (OpenSSL failed).
    case signingFailed(String)

    /// The error in words for people.
    public func message(_ language: Language) -> String {
        let l = language
        switch self {
        case .rejected(_, let message, let messageZh): return l.pick(messageZh, message)
        case .timeout: return l.pick("等待超时：节点未在时限内答复或出块", "Timed out: the node did not answer or commit in time")
        case .notFound: return l.pick("链上没有所查询的对象", "The chain does not know what was asked about")
        case .transport(let detail): return l.pick("无法与节点通信：\(detail)", "Cannot reach the node: \(detail)")
        case .malformedAnswer(let detail): return l.pick("节点的答复无法读取：\(detail)", "The node's answer is unreadable: \(detail)")
        case .signingFailed(let detail): return l.pick("签名失败：\(detail)", "Signing failed: \(detail)")
        }
    }

    /// An admission refusal with its code name and both renderings.
    static func rejected(_ error: AdmissionError) -> LedgerError {
        .rejected(code: error.codeName, message: error.message(.english), messageZh: error.message(.chinese))
    }

    /// A node failure on the in-process path (its storage is the only thing that can fail).
    static func node(_ error: NodeError) -> LedgerError {
        .transport("node: \(error)")
    }

    /// `key` if it can name an anchor (1...`TransactionPayload.anchorKeyBytesMax` bytes of
    /// UTF-8), or `.rejected` with the anchor contract's reason.
    static func checkedAnchorKey(_ key: String) throws(LedgerError) -> String {
        guard !key.isEmpty, key.utf8.count <= TransactionPayload.anchorKeyBytesMax else {
            let reason = RejectionReason.anchorMalformed
            throw .rejected(code: reason.codeName, message: reason.message(.english), messageZh: reason.message(.chinese))
        }
        return key
    }

    /// The account number people typed, as the node expects it, or `.rejected`.
    static func normalisedAccount(_ text: String) throws(LedgerError) -> String {
        guard let account = AccountNumber.normalise(text) else {
            throw .rejected(code: "malformedAccountNumber",
                            message: "The account number must have \(AccountNumber.digitsRange.lowerBound)-\(AccountNumber.digitsRange.upperBound) digits",
                            messageZh: "账号须为 \(AccountNumber.digitsRange.lowerBound)-\(AccountNumber.digitsRange.upperBound) 位数字")
        }
        return account
    }
}
