import Canonical
import Workflow

/// Governance refusals and changes in words, for people (receipts hold only the typed codes).
extension GovernanceRefusal {
    /// The case's stable name, as RPC answers carry it.
    public var codeName: String {
        switch self {
        case .notValidator: "notValidator"
        case .unknownProposal: "unknownProposal"
        case .duplicateApproval: "duplicateApproval"
        case .alreadyApplied: "alreadyApplied"
        case .expired: "expired"
        case .tooFewValidators: "tooFewValidators"
        case .lastValidator: "lastValidator"
        case .alreadyValidator: "alreadyValidator"
        case .unknownValidator: "unknownValidator"
        case .invalidKey: "invalidKey"
        case .nodeKeyUnavailable: "nodeKeyUnavailable"
        case .unknownNodeKey: "unknownNodeKey"
        case .tooManyValidators: "tooManyValidators"
        case .tooManyOpenProposals: "tooManyOpenProposals"
        case .tooManyChanges: "tooManyChanges"
        }
    }

    /// The refusal in words.
    public func message(_ l: Language) -> String {
        switch self {
        case .notValidator(let id): l.pick("「\(id)」不是本高度生效的验证节点", "\"\(id)\" is not a validator of the set in force")
        case .unknownProposal(let id): l.pick("没有编号为 \(id) 的提案", "There is no proposal \(id)")
        case .duplicateApproval(let id, let validator): l.pick("「\(validator)」已批准过提案 \(id)", "\"\(validator)\" already approved proposal \(id)")
        case .alreadyApplied(let id): l.pick("提案 \(id) 已获批准并生效", "Proposal \(id) was already approved and applied")
        case .expired(let id, let height): l.pick("提案 \(id) 已于高度 \(height) 过期", "Proposal \(id) expired at height \(height)")
        case .tooFewValidators(let remaining, let minimum):
            l.pick("移除后只剩 \(remaining) 个验证节点，至少需要 \(minimum) 个", "Removing would leave \(remaining) validators; at least \(minimum) are needed")
        case .lastValidator(let id): l.pick("不能移除最后一个验证节点「\(id)」", "Cannot remove \"\(id)\", the last validator")
        case .alreadyValidator(let id): l.pick("「\(id)」已是验证节点", "\"\(id)\" is a validator already")
        case .unknownValidator(let id): l.pick("「\(id)」不是验证节点", "\"\(id)\" is not a validator")
        case .invalidKey(let field): l.pick("密钥 \(field) 缺失或格式不正确", "Key \(field) is missing or malformed")
        case .nodeKeyUnavailable: l.pick("该节点密钥已属于其他机构或已被吊销", "The node key belongs to another organisation or was revoked")
        case .unknownNodeKey: l.pick("没有机构使用该节点密钥", "No organisation's node uses this key")
        case .tooManyValidators(let count): l.pick("验证节点将达 \(count) 个，超出上限", "The set would have \(count) validators, above the limit")
        case .tooManyOpenProposals(let count): l.pick("已有 \(count) 个待批提案，达到上限", "\(count) proposals are open, the limit")
        case .tooManyChanges(let count): l.pick("本链已记录 \(count) 次变更，达到上限", "The chain has recorded \(count) changes, the limit")
        }
    }
}

extension GovernanceChange {
    /// The change in words (keys shortened to their first bytes).
    public func summary(_ l: Language) -> String {
        switch self {
        case .addValidator(let id, _, _): l.pick("新增验证节点「\(id)」", "add validator \"\(id)\"")
        case .removeValidator(let id): l.pick("移除验证节点「\(id)」", "remove validator \"\(id)\"")
        case .revokeNodeKey(let key): l.pick("吊销节点证书（密钥 \(Self.short(key))）", "revoke node certificate (key \(Self.short(key)))")
        case .renewNodeKey(let id, let key): l.pick("为「\(id)」更换节点证书（密钥 \(Self.short(key))）", "renew the node certificate of \"\(id)\" (key \(Self.short(key)))")
        }
    }

    static func short(_ key: [UInt8]) -> String { Hex.encode(Array(key.prefix(6))) + "…" }
}
