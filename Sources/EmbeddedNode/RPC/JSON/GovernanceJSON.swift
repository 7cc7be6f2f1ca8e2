import Canonical
import Workflow

extension GovernanceChange {
    /// `{"kind": "addValidator"|"removeValidator"|"revokeNodeKey"|"renewNodeKey", fields..., "summary", "summaryZh"}`.
    var json: JSONValue {
        var object: JSONObject
        switch self {
        case .addValidator(let id, let signingKey, let nodeKey):
            object = tagged("kind", "addValidator", [("validatorID", .string(id)), ("signingKey", .hex(signingKey)),
                                                     ("nodeKey", nodeKey.map { JSONValue.hex($0) } ?? .null)])
        case .removeValidator(let id): object = tagged("kind", "removeValidator", [("validatorID", .string(id))])
        case .revokeNodeKey(let key): object = tagged("kind", "revokeNodeKey", [("nodeKey", .hex(key))])
        case .renewNodeKey(let id, let key): object = tagged("kind", "renewNodeKey", [("organisationID", .string(id)), ("nodeKey", .hex(key))])
        }
        object["summary"] = .string(summary(.english))
        object["summaryZh"] = .string(summary(.chinese))
        return .object(object)
    }
}

extension GovernanceOutcome {
    /// `{"proposalID", "approvals", "quorum", "activationHeight"}` (activation null while open).
    var json: JSONValue {
        .members([("proposalID", .string(String(proposalID))), ("approvals", .int(approvals)), ("quorum", .int(quorum)),
                  ("activationHeight", activationHeight.map { JSONValue.integer($0) } ?? .null)])
    }
}

extension GovernanceProposal {
    /// The proposal with its `status` at `height`: "open", "applied" or "expired".
    func json(at height: Int64) -> JSONValue {
        let status = activationHeight != nil ? "applied" : (isOpen(at: height) ? "open" : "expired")
        return .members([
            ("proposalID", .string(String(proposalID))), ("proposerID", .string(proposerID)), ("change", change.json),
            ("proposedHeight", .integer(proposedHeight)), ("expiryHeight", .integer(expiryHeight)),
            ("approvals", .texts(approvals)), ("status", .string(status)),
            ("activationHeight", activationHeight.map { JSONValue.integer($0) } ?? .null),
        ])
    }
}

extension GovernanceEpoch {
    /// `{"fromHeight", "validators": [{"validatorID", "signingKey"}], "quorum", "nodeKeys": [{"organisationID", "nodeKey"}], "revokedNodeKeys"}`.
    var json: JSONValue {
        .members([
            ("fromHeight", .integer(fromHeight)),
            ("validators", .array(validators.members.map { .members([("validatorID", .string($0.validatorID)), ("signingKey", .hex($0.signingKey))]) })),
            ("quorum", .int(validators.quorum)),
            ("nodeKeys", .array(nodeKeys.entries.map { .members([("organisationID", .string($0.organisationID)), ("nodeKey", .hex($0.nodeKey))]) })),
            ("revokedNodeKeys", .array(nodeKeys.revokedKeys.map { .hex($0) })),
        ])
    }
}
