import Canonical

/// A change to the validator set or the node keys that a validator proposes and 2f+1 of the
/// set in force approve (the governance contract).
public enum GovernanceChange: Hashable, Sendable {
    /// Add a validator: its organisation, its consensus signing key and (on a chain with a
    /// consortium CA) its node key.
    case addValidator(validatorID: String, signingKey: [UInt8], nodeKey: [UInt8]?)
    /// Remove a validator.
    case removeValidator(validatorID: String)
    /// Revoke a node certificate by its public key: the node is refused by every peer.
    case revokeNodeKey(nodeKey: [UInt8])
    /// Register a new node key for an organisation (a renewed certificate); its old key is revoked.
    case renewNodeKey(organisationID: String, nodeKey: [UInt8])
}

extension GovernanceChange: CanonicalCodable {
    /// Tag (1 add, 2 remove, 3 revoke node key, 4 renew node key), then the fields.
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .addValidator(let id, let signingKey, let nodeKey):
            writer.write(UInt8(1)); writer.write(id); writer.write(bytes: signingKey)
            writer.write(nodeKey != nil)
            if let nodeKey { writer.write(bytes: nodeKey) }
        case .removeValidator(let id): writer.write(UInt8(2)); writer.write(id)
        case .revokeNodeKey(let nodeKey): writer.write(UInt8(3)); writer.write(bytes: nodeKey)
        case .renewNodeKey(let id, let nodeKey): writer.write(UInt8(4)); writer.write(id); writer.write(bytes: nodeKey)
        }
    }

    /// Reads a tag and its fields, refusing unknown tags and oversized fields.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        switch try reader.readUInt8() {
        case 1:
            let id = try reader.readString(limit: 64)
            let signingKey = try reader.readBytes(limit: 65)
            let nodeKey = try reader.readBool() ? try reader.readBytes(limit: 65) : nil
            self = .addValidator(validatorID: id, signingKey: signingKey, nodeKey: nodeKey)
        case 2: self = .removeValidator(validatorID: try reader.readString(limit: 64))
        case 3: self = .revokeNodeKey(nodeKey: try reader.readBytes(limit: 65))
        case 4: self = .renewNodeKey(organisationID: try reader.readString(limit: 64), nodeKey: try reader.readBytes(limit: 65))
        case let tag: throw .invalidTag(offset: start, tag: UInt64(tag), type: "GovernanceChange")
        }
    }
}

/// Why the governance contract refused a proposal or an approval (typed, in receipts).
public enum GovernanceRefusal: Error, Hashable, Sendable {
    /// The sender is not a validator of the set in force at this height.
    case notValidator(String)
    /// No proposal has this number.
    case unknownProposal(UInt64)
    /// The sender already approved this proposal.
    case duplicateApproval(proposalID: UInt64, validatorID: String)
    /// The proposal was already approved and applied.
    case alreadyApplied(UInt64)
    /// The proposal's approval window closed at this height.
    case expired(proposalID: UInt64, expiryHeight: Int64)
    /// Removing would leave fewer validators than the minimum.
    case tooFewValidators(remaining: Int, minimum: Int)
    /// Removing would leave no validator at all.
    case lastValidator(String)
    /// The organisation to add is a validator already.
    case alreadyValidator(String)
    /// The validator to remove is not in the set.
    case unknownValidator(String)
    /// A key is malformed, or missing, or given where the chain has no peer network.
    case invalidKey(field: String)
    /// The node key is registered for another organisation, or was revoked.
    case nodeKeyUnavailable
    /// The node key to revoke is registered for no organisation.
    case unknownNodeKey
    /// The set would exceed `BlockHeader.validatorsMax`.
    case tooManyValidators(Int)
    /// Too many proposals are open at once.
    case tooManyOpenProposals(Int)
    /// The chain went through the most validator-set changes it records.
    case tooManyChanges(Int)
}

extension GovernanceRefusal: CanonicalCodable {
    /// Tag then parameters.
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .notValidator(let id): writer.write(UInt8(1)); writer.write(id)
        case .unknownProposal(let id): writer.write(UInt8(2)); writer.write(id)
        case .duplicateApproval(let id, let validator): writer.write(UInt8(3)); writer.write(id); writer.write(validator)
        case .alreadyApplied(let id): writer.write(UInt8(4)); writer.write(id)
        case .expired(let id, let height): writer.write(UInt8(5)); writer.write(id); writer.write(height)
        case .tooFewValidators(let remaining, let minimum): writer.write(UInt8(6)); writer.write(remaining); writer.write(minimum)
        case .lastValidator(let id): writer.write(UInt8(7)); writer.write(id)
        case .alreadyValidator(let id): writer.write(UInt8(8)); writer.write(id)
        case .unknownValidator(let id): writer.write(UInt8(9)); writer.write(id)
        case .invalidKey(let field): writer.write(UInt8(10)); writer.write(field)
        case .nodeKeyUnavailable: writer.write(UInt8(11))
        case .unknownNodeKey: writer.write(UInt8(12))
        case .tooManyValidators(let count): writer.write(UInt8(13)); writer.write(count)
        case .tooManyOpenProposals(let count): writer.write(UInt8(14)); writer.write(count)
        case .tooManyChanges(let count): writer.write(UInt8(15)); writer.write(count)
        }
    }

    /// Reads a tag and its parameters.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        switch try reader.readUInt8() {
        case 1: self = .notValidator(try reader.readString(limit: 64))
        case 2: self = .unknownProposal(try reader.readUInt64())
        case 3: self = .duplicateApproval(proposalID: try reader.readUInt64(), validatorID: try reader.readString(limit: 64))
        case 4: self = .alreadyApplied(try reader.readUInt64())
        case 5: self = .expired(proposalID: try reader.readUInt64(), expiryHeight: try reader.readInt64())
        case 6: self = .tooFewValidators(remaining: try reader.readInt(), minimum: try reader.readInt())
        case 7: self = .lastValidator(try reader.readString(limit: 64))
        case 8: self = .alreadyValidator(try reader.readString(limit: 64))
        case 9: self = .unknownValidator(try reader.readString(limit: 64))
        case 10: self = .invalidKey(field: try reader.readString(limit: 64))
        case 11: self = .nodeKeyUnavailable
        case 12: self = .unknownNodeKey
        case 13: self = .tooManyValidators(try reader.readInt())
        case 14: self = .tooManyOpenProposals(try reader.readInt())
        case 15: self = .tooManyChanges(try reader.readInt())
        case let tag: throw .invalidTag(offset: start, tag: UInt64(tag), type: "GovernanceRefusal")
        }
    }
}

/// What a successful governance transaction did, written in its receipt: the proposal, how
/// many validators of the set in force approved it, the quorum, and once applied the height
/// from which the change is in force.
public struct GovernanceOutcome: Hashable, Sendable, CanonicalCodable {
    /// The proposal's number.
    public let proposalID: UInt64
    /// Approvals by validators of the set in force (the proposer counts).
    public let approvals: Int
    /// 2f+1 of the set in force.
    public let quorum: Int
    /// When the change applies (approval height + `GovernanceRules.activationDelayBlocks`), or
    /// nil while approvals are missing.
    public let activationHeight: Int64?

    /// Creates an outcome.
    public init(proposalID: UInt64, approvals: Int, quorum: Int, activationHeight: Int64?) {
        self.proposalID = proposalID
        self.approvals = approvals
        self.quorum = quorum
        self.activationHeight = activationHeight
    }

    /// Field order: proposalID, approvals, quorum, presence tag, activationHeight.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(proposalID)
        writer.write(approvals)
        writer.write(quorum)
        writer.write(activationHeight != nil)
        if let activationHeight { writer.write(activationHeight) }
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        proposalID = try reader.readUInt64()
        approvals = try reader.readInt(limit: BlockHeader.validatorsMax)
        quorum = try reader.readInt(limit: BlockHeader.validatorsMax)
        activationHeight = try reader.readBool() ? try reader.readInt64() : nil
    }
}
