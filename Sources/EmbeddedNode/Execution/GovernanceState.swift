import Canonical

/// The fixed rules of the governance contract.
public enum GovernanceRules {
    /// A change approved at height h is in force from h + this. At least 2: the consensus core
    /// moves to h+1 as it commits h, before h is executed, so it must already know the set of
    /// h+1 then (it learned it from executing h-1).
    public static let activationDelayBlocks: Int64 = 2
    /// A proposal may be approved up to this many blocks after the one that recorded it.
    public static let proposalLifetimeBlocks: Int64 = 2000
    /// The fewest validators a removal may leave (n = 3f+1 with f = 1).
    public static let validatorsMin = 4
    /// Proposals open at once.
    public static let openProposalsMax = 64
    /// Proposals kept (open and decided); the oldest decided ones are forgotten beyond it.
    public static let proposalsKeptMax = 256
    /// Validator-set and node-key changes a chain may go through.
    public static let epochsMax = 1024
}

/// The validator set and node keys in force from a height on.
public struct GovernanceEpoch: Hashable, Sendable, CanonicalCodable {
    /// The first height at which this epoch is in force.
    public let fromHeight: Int64
    /// The validators.
    public let validators: ValidatorSet
    /// The node keys.
    public let nodeKeys: NodeKeyRegistry

    /// Creates an epoch.
    public init(fromHeight: Int64, validators: ValidatorSet, nodeKeys: NodeKeyRegistry) {
        self.fromHeight = fromHeight
        self.validators = validators
        self.nodeKeys = nodeKeys
    }

    /// Field order: fromHeight, validators, nodeKeys.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(fromHeight)
        writer.write(validators)
        writer.write(nodeKeys)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        fromHeight = try reader.readInt64()
        validators = try reader.read()
        nodeKeys = try reader.read()
    }
}

/// Every epoch after genesis, oldest first (chain state): which set verified which height.
public struct GovernanceHistory: Hashable, Sendable, CanonicalCodable {
    /// The epochs, in increasing `fromHeight`.
    public private(set) var epochs: [GovernanceEpoch]

    /// A history of `epochs` (empty: genesis is in force everywhere).
    public init(epochs: [GovernanceEpoch]) {
        precondition(zip(epochs, epochs.dropFirst()).allSatisfy { $0.fromHeight < $1.fromHeight }, "epochs in increasing height")
        self.epochs = epochs
    }

    /// The epoch in force at `height`: the last one from at or before it, else genesis's.
    public func epoch(at height: Int64, genesis: Genesis) -> GovernanceEpoch {
        epochs.last { $0.fromHeight <= height } ?? GovernanceEpoch(fromHeight: 0, validators: genesis.initialValidatorSet,
                                                                     nodeKeys: genesis.initialNodeKeys)
    }

    /// The newest epoch, scheduled or in force (what a new change builds on).
    public func latest(genesis: Genesis) -> GovernanceEpoch { epoch(at: .max, genesis: genesis) }

    /// Schedules `epoch`; one already scheduled from the same height is replaced (two changes
    /// approved in one block compose).
    mutating func schedule(_ epoch: GovernanceEpoch) {
        precondition(epochs.last.map { $0.fromHeight <= epoch.fromHeight } ?? true, "epochs never go back in height")
        if epochs.last?.fromHeight == epoch.fromHeight { epochs.removeLast() }
        epochs.append(epoch)
        precondition(epochs.count <= GovernanceRules.epochsMax, "the contract refuses changes beyond the epoch limit")
    }

    /// Field order: the epochs.
    public func encode(to writer: inout CanonicalWriter) { writer.write(epochs) }

    /// Reads the epochs, refusing an order that goes back.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        let epochs: [GovernanceEpoch] = try reader.readArray(limit: GovernanceRules.epochsMax)
        guard zip(epochs, epochs.dropFirst()).allSatisfy({ $0.fromHeight < $1.fromHeight }) else {
            throw .invalidValue(offset: start, reason: "governance epochs out of order")
        }
        self.epochs = epochs
    }
}

/// One governance proposal and its approvals.
public struct GovernanceProposal: Hashable, Sendable, CanonicalCodable {
    /// Its number (1, 2, ... in the order proposed).
    public let proposalID: UInt64
    /// The validator that proposed it.
    public let proposerID: String
    /// What it changes.
    public let change: GovernanceChange
    /// The height of the block that recorded it.
    public let proposedHeight: Int64
    /// The last height at which it may be approved.
    public let expiryHeight: Int64
    /// The validators that approved it (the proposer first counts), sorted.
    public internal(set) var approvals: [String]
    /// The height from which it is in force, once 2f+1 approved it.
    public internal(set) var activationHeight: Int64?

    /// Whether it is still open at `height` (not applied, not expired).
    public func isOpen(at height: Int64) -> Bool { activationHeight == nil && height <= expiryHeight }

    /// Field order: as declared; activationHeight with a presence tag.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(proposalID)
        writer.write(proposerID)
        writer.write(change)
        writer.write(proposedHeight)
        writer.write(expiryHeight)
        writer.write(approvals)
        writer.write(activationHeight != nil)
        if let activationHeight { writer.write(activationHeight) }
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        proposalID = try reader.readUInt64()
        proposerID = try reader.readString(limit: 64)
        change = try reader.read()
        proposedHeight = try reader.readInt64()
        expiryHeight = try reader.readInt64()
        approvals = try reader.readStringArray(limit: BlockHeader.validatorsMax, stringLimit: 64)
        activationHeight = try reader.readBool() ? try reader.readInt64() : nil
    }

    init(proposalID: UInt64, proposerID: String, change: GovernanceChange, proposedHeight: Int64) {
        self.proposalID = proposalID
        self.proposerID = proposerID
        self.change = change
        self.proposedHeight = proposedHeight
        self.expiryHeight = proposedHeight + GovernanceRules.proposalLifetimeBlocks
        self.approvals = [proposerID]
        self.activationHeight = nil
    }
}

/// The proposals the chain remembers, and the next proposal number (chain state).
public struct GovernanceProposals: Hashable, Sendable, CanonicalCodable {
    /// The number the next proposal gets.
    public internal(set) var nextProposalID: UInt64 = 1
    /// The proposals, oldest first.
    public internal(set) var proposals: [GovernanceProposal] = []

    /// None yet.
    public init() {}

    /// Field order: nextProposalID, proposals.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(nextProposalID)
        writer.write(proposals)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        nextProposalID = try reader.readUInt64()
        proposals = try reader.readArray(limit: GovernanceRules.proposalsKeptMax)
    }
}

extension StateKey {
    static let governanceHistory = Array("governance/epochs".utf8)
    static let governanceProposals = Array("governance/proposals".utf8)
}
