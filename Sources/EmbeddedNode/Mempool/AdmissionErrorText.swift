import Workflow

/// Renders admission refusals for people (submission is answered at once, before any block).
extension AdmissionError {
    /// The refusal's stable name, as RPC answers carry it in `data.reason` ("badSignature").
    /// An undecodable transaction is "oversized" or "malformed".
    public var codeName: String {
        switch self {
        case .malformed(.oversized): "oversized"
        case .malformed(.malformed): "malformed"
        case .wrongChain: "wrongChain"
        case .unknownSender: "unknownSender"
        case .badSignature: "badSignature"
        case .expiryOutOfWindow: "expiryOutOfWindow"
        case .timestampOutOfWindow: "timestampOutOfWindow"
        case .duplicate: "duplicate"
        case .nonceUsed: "nonceUsed"
        case .full: "mempoolFull"
        }
    }

    /// The refusal in words.
    public func message(_ language: Language) -> String {
        let l = language
        switch self {
        case .malformed(.oversized(let bytes, let limit)):
            return l.pick("交易有 \(bytes) 字节，超过上限 \(limit) 字节", "The transaction has \(bytes) bytes, more than the limit of \(limit)")
        case .malformed(.malformed(let error)): return l.pick("交易编码不正确：\(error)", "The transaction is not canonically encoded: \(error)")
        case .wrongChain(let chain): return l.pick("交易属于另一条链「\(chain)」", "The transaction is for another chain (\"\(chain)\")")
        case .unknownSender(let id): return l.pick("发送方「\(id)」不是本链机构或其密钥已吊销", "Sender \"\(id)\" is not an organisation of this chain, or its key is revoked")
        case .badSignature: return l.pick("签名无法用发送方当前密钥验证", "The signature does not verify with the sender's key")
        case .expiryOutOfWindow(let expiry, let current, let window):
            return l.pick("过期高度 \(expiry) 须在当前高度 \(current) 之后 \(window) 个区块以内",
                          "Expiry height \(expiry) must be after the current height \(current) and at most \(window) blocks ahead")
        case .timestampOutOfWindow(let timestamp, let node, let tolerance):
            return l.pick("交易时间 \(timestamp) 与节点时间 \(node) 相差超过 \(tolerance) 毫秒",
                          "Transaction time \(timestamp) is more than \(tolerance) ms from the node's time \(node)")
        case .duplicate: return l.pick("相同的交易已在等待打包", "The same transaction is already waiting")
        case .nonceUsed: return l.pick("该发送方的随机数已被使用", "This sender's nonce was already used")
        case .full(let count, let bytes):
            return l.pick("交易池已满（\(count) 笔或 \(bytes) 字节），请稍后再试", "The mempool is full (\(count) transactions or \(bytes) bytes); try again later")
        }
    }
}
