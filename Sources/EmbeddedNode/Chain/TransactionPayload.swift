import Canonical
import Workflow

/// What a transaction asks the chain to do; each case is executed by one contract.
public enum TransactionPayload: Hashable, Sendable {
    /// A fund-flow command, executed by the fund-flow contract.
    case workflow(WorkflowCommand)
    /// Anchor `valueHash` under `key`, once per key (SPEC section 5).
    case anchorStore(key: String, valueHash: [UInt8])
    /// Add 1 to the pressure contract's account (the thesis's benchmark).
    case pressureAdd
    /// Replace the sender's own signing key from the next height on; signed with the current key.
    case rotateKey(newPublicKey: [UInt8])
    /// Revoke an organisation's key (its own, or any, by the provincial office); the organisation
    /// can sign nothing until a new key is set for it.
    case revokeKey(organisationID: String)
    /// The provincial office sets a new key for an organisation whose key was revoked or lost.
    case setKey(organisationID: String, newPublicKey: [UInt8])
    /// A validator proposes a change to the validator set or the node keys (counts as its approval).
    case governancePropose(GovernanceChange)
    /// A validator approves an open proposal; 2f+1 approvals apply it from a later height.
    case governanceApprove(proposalID: UInt64)

    /// The longest anchor key, in UTF-8 bytes.
    public static let anchorKeyBytesMax = 256

    /// The contract that executes the payload.
    public var contract: ContractID {
        switch self {
        case .workflow: .fundFlow
        case .anchorStore: .anchor
        case .pressureAdd: .pressure
        case .rotateKey, .revokeKey, .setKey: .keys
        case .governancePropose, .governanceApprove: .governance
        }
    }
}

/// The chain's contracts.
public enum ContractID: UInt8, Sendable, CaseIterable {
    /// The fund flow (adapts Workflow).
    case fundFlow = 1
    /// Store-once anchors of document hashes.
    case anchor = 2
    /// The thesis's pressure-test account.
    case pressure = 3
    /// Organisation signing keys.
    case keys = 4
    /// The validator set and node keys.
    case governance = 5
}

extension TransactionPayload: CanonicalCodable {
    /// Tag (1 workflow, 2 anchor store, 3 pressure add, 4 rotate, 5 revoke, 6 set key, 7 governance
    /// proposal, 8 governance approval), then parameters.
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .workflow(let command): writer.write(UInt8(1)); writer.write(command)
        case .anchorStore(let key, let valueHash): writer.write(UInt8(2)); writer.write(key); writer.write(bytes: valueHash)
        case .pressureAdd: writer.write(UInt8(3))
        case .rotateKey(let key): writer.write(UInt8(4)); writer.write(bytes: key)
        case .revokeKey(let organisation): writer.write(UInt8(5)); writer.write(organisation)
        case .setKey(let organisation, let key): writer.write(UInt8(6)); writer.write(organisation); writer.write(bytes: key)
        case .governancePropose(let change): writer.write(UInt8(7)); writer.write(change)
        case .governanceApprove(let proposalID): writer.write(UInt8(8)); writer.write(proposalID)
        }
    }

    /// Reads a tag and its parameters, refusing unknown tags and oversized fields.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        switch try reader.readUInt8() {
        case 1: self = .workflow(try reader.read())
        case 2: self = .anchorStore(key: try reader.readString(limit: Self.anchorKeyBytesMax), valueHash: try reader.readBytes(limit: 64))
        case 3: self = .pressureAdd
        case 4: self = .rotateKey(newPublicKey: try reader.readBytes(limit: 65))
        case 5: self = .revokeKey(organisationID: try reader.readString(limit: 64))
        case 6: self = .setKey(organisationID: try reader.readString(limit: 64), newPublicKey: try reader.readBytes(limit: 65))
        case 7: self = .governancePropose(try reader.read())
        case 8: self = .governanceApprove(proposalID: try reader.readUInt64())
        case let tag: throw .invalidTag(offset: start, tag: UInt64(tag), type: "TransactionPayload")
        }
    }
}
