import Workflow

/// Renders chain refusals for people. Receipts hold only the typed codes; their words live here.
extension RejectionReason {
    /// The case's stable name, as RPC answers carry it in `code` ("badSignature", "workflow").
    public var codeName: String {
        switch self {
        case .unknownSender: "unknownSender"
        case .senderKeyRevoked: "senderKeyRevoked"
        case .badSignature: "badSignature"
        case .expired: "expired"
        case .expiryTooFar: "expiryTooFar"
        case .wrongChain: "wrongChain"
        case .duplicateNonce: "duplicateNonce"
        case .workflow: "workflow"
        case .anchorKeyExists: "anchorKeyExists"
        case .anchorMalformed: "anchorMalformed"
        case .keyChangeRefused: "keyChangeRefused"
        case .governance: "governance"
        }
    }

    /// The refusal in words; a fund-flow refusal is `WorkflowError.message(_:)`.
    public func message(_ language: Language) -> String {
        let l = language
        switch self {
        case .unknownSender(let id): return l.pick("发送方「\(id)」不是本链的机构", "Sender \"\(id)\" is not an organisation of this chain")
        case .senderKeyRevoked(let id): return l.pick("机构「\(id)」的签名密钥已吊销", "The signing key of \"\(id)\" is revoked")
        case .badSignature: return l.pick("签名无法用发送方当前密钥验证", "The signature does not verify with the sender's key")
        case .expired(let height): return l.pick("交易已于高度 \(height) 过期", "The transaction expired at height \(height)")
        case .expiryTooFar(let height, let window):
            return l.pick("过期高度 \(height) 超出允许的 \(window) 个区块", "Expiry height \(height) is more than \(window) blocks ahead")
        case .wrongChain(let chain): return l.pick("交易属于另一条链「\(chain)」", "The transaction is for another chain (\"\(chain)\")")
        case .duplicateNonce: return l.pick("该发送方的随机数已被使用", "This sender's nonce was already used")
        case .workflow(let error): return error.message(l)
        case .anchorKeyExists(let key): return l.pick("存证键「\(key)」已存在", "Anchor key \"\(key)\" exists")
        case .anchorMalformed:
            return l.pick("存证键为空或过长，或值不是 32 字节哈希", "The anchor key is empty or too long, or the value is not a 32-byte hash")
        case .keyChangeRefused(let detail): return l.pick("密钥变更被拒绝：\(detail)", "Key change refused: \(detail)")
        case .governance(let refusal): return refusal.message(l)
        }
    }
}
