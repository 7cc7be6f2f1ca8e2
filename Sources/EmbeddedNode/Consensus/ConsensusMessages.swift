import Canonical

/// Signs consensus messages for one validator. Production wraps the node's `SigningKey`; the
/// simulator uses a fast stand-in.
public protocol ConsensusSigner: Sendable {
    /// The validator this signer speaks for.
    var validatorID: String { get }
    /// A signature of `message` (canonical bytes of a payload).
    func sign(_ message: [UInt8]) -> [UInt8]
}

/// Verifies consensus signatures against the validator set in force.
public protocol ConsensusVerifier: Sendable {
    /// Whether `signature` is `validatorID`'s valid signature of `message`.
    func isValid(signature: [UInt8], of message: [UInt8], by validatorID: String) -> Bool
    /// Whether `signature` is a valid signature of `message` by `publicKey`, the key the set in
    /// force lists for `validatorID` (chain-state sets; a stand-in may ignore the key).
    func isValid(signature: [UInt8], of message: [UInt8], by validatorID: String, publicKey: [UInt8]) -> Bool
}

extension ConsensusVerifier {
    /// By default the key is the verifier's own for `validatorID` (fast stand-ins).
    public func isValid(signature: [UInt8], of message: [UInt8], by validatorID: String, publicKey: [UInt8]) -> Bool {
        isValid(signature: signature, of: message, by: validatorID)
    }
}

/// A prepare or commit vote: `VotePayload` fields plus the voter and its signature.
public struct SignedVote: Hashable, Sendable, CanonicalEncodable {
    /// The height voted on.
    public let height: Int64
    /// The view voted in.
    public let view: Int64
    /// Prepare or commit.
    public let phase: VotePhase
    /// The block voted for.
    public let blockHash: [UInt8]
    /// The voter.
    public let validatorID: String
    /// Its signature of `payload(chainID:)`.
    public let signature: [UInt8]
    /// A commit vote's censorship attestation over the block's transactions (empty for
    /// prepares, or when it attests nothing); signed with the vote.
    public let attestation: [UInt8]

    /// Creates a vote.
    public init(height: Int64, view: Int64, phase: VotePhase, blockHash: [UInt8], validatorID: String, signature: [UInt8],
                attestation: [UInt8] = []) {
        self.height = height
        self.view = view
        self.phase = phase
        self.blockHash = blockHash
        self.validatorID = validatorID
        self.signature = signature
        self.attestation = attestation
    }

    /// What the signature covers: (chain id, height, view, phase, block hash, attestation).
    public func payload(chainID: String) -> VotePayload {
        VotePayload(chainID: chainID, height: height, view: view, phase: phase, blockHash: blockHash, attestation: attestation)
    }

    /// Field order: height, view, phase, blockHash, validatorID, signature, attestation.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(height)
        writer.write(view)
        writer.write(phase.rawValue)
        writer.write(bytes: blockHash)
        writer.write(validatorID)
        writer.write(bytes: signature)
        writer.write(bytes: attestation)
    }
}

/// Proof that a block prepared in a view: the block and 2f+1 prepare votes for its hash in
/// that view from distinct validators (sorted by validator). Carried through view changes so a
/// block that may have committed is re-proposed.
public struct PreparedCertificate: Hashable, Sendable, CanonicalEncodable {
    /// The view in which the block prepared.
    public let view: Int64
    /// The prepared block (so any new primary can re-propose it).
    public let block: Block
    /// The block's hash.
    public let blockHash: [UInt8]
    /// The prepare votes, sorted by validator identifier.
    public let prepares: [SignedVote]

    /// Creates a certificate, sorting the votes.
    public init(view: Int64, block: Block, blockHash: [UInt8], prepares: [SignedVote]) {
        self.view = view
        self.block = block
        self.blockHash = blockHash
        self.prepares = prepares.sorted { $0.validatorID < $1.validatorID }
    }

    /// Field order: view, block, blockHash, prepares.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(view)
        writer.write(block)
        writer.write(bytes: blockHash)
        writer.write(prepares)
    }
}

/// A primary's proposal (pre-prepare) of a block in a view.
public struct Proposal: Hashable, Sendable, CanonicalEncodable {
    /// Domain tag of the signed payload.
    public static let domainTag = "fundchain-proposal-v1"
    /// The view proposed in (the block's header may carry an earlier view when re-proposed).
    public let view: Int64
    /// The block.
    public let block: Block
    /// The proposing primary.
    public let proposerID: String
    /// The primary's signature of `payload(chainID:blockHash:)`.
    public let signature: [UInt8]

    /// Creates a proposal.
    public init(view: Int64, block: Block, proposerID: String, signature: [UInt8]) {
        self.view = view
        self.block = block
        self.proposerID = proposerID
        self.signature = signature
    }

    /// The height proposed at.
    public var height: Int64 { block.header.height }

    /// Signed bytes: tag, chain id, height, view, block hash.
    public static func payload(chainID: String, height: Int64, view: Int64, blockHash: [UInt8]) -> [UInt8] {
        var writer = CanonicalWriter()
        writer.write(domainTag)
        writer.write(chainID)
        writer.write(height)
        writer.write(view)
        writer.write(bytes: blockHash)
        return writer.bytes
    }

    /// Field order: view, block, proposerID, signature.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(view)
        writer.write(block)
        writer.write(proposerID)
        writer.write(bytes: signature)
    }
}

/// A validator's request to move to `newView` at `height`, carrying its highest prepared
/// certificate at this height.
public struct ViewChange: Hashable, Sendable, CanonicalEncodable {
    /// Domain tag of the signed payload.
    public static let domainTag = "fundchain-view-change-v1"
    /// The height.
    public let height: Int64
    /// The view the sender moves to.
    public let newView: Int64
    /// The sender's highest prepared certificate at this height, if any.
    public let preparedCertificate: PreparedCertificate?
    /// The sender.
    public let senderID: String
    /// Its signature of `payload(chainID:)`.
    public let signature: [UInt8]

    /// Creates a view change.
    public init(height: Int64, newView: Int64, preparedCertificate: PreparedCertificate?, senderID: String, signature: [UInt8]) {
        self.height = height
        self.newView = newView
        self.preparedCertificate = preparedCertificate
        self.senderID = senderID
        self.signature = signature
    }

    /// Signed bytes: tag, chain id, height, new view, and the certificate's (view, hash) if any.
    public static func payload(chainID: String, height: Int64, newView: Int64, prepared: (view: Int64, blockHash: [UInt8])?) -> [UInt8] {
        var writer = CanonicalWriter()
        writer.write(domainTag)
        writer.write(chainID)
        writer.write(height)
        writer.write(newView)
        writer.write(prepared != nil)
        if let prepared {
            writer.write(prepared.view)
            writer.write(bytes: prepared.blockHash)
        }
        return writer.bytes
    }

    /// Field order: height, newView, preparedCertificate (optional), senderID, signature.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(height)
        writer.write(newView)
        writer.write(preparedCertificate)
        writer.write(senderID)
        writer.write(bytes: signature)
    }
}

/// The new primary's proposal for a view above 0 with its justification: 2f+1 view changes
/// to that view from distinct validators.
public struct NewView: Hashable, Sendable, CanonicalEncodable {
    /// The proposal in the new view.
    public let proposal: Proposal
    /// The view changes that justify it, sorted by sender.
    public let justification: [ViewChange]

    /// Creates a new-view message, sorting the justification.
    public init(proposal: Proposal, justification: [ViewChange]) {
        self.proposal = proposal
        self.justification = justification.sorted { $0.senderID < $1.senderID }
    }

    /// Field order: proposal, justification.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(proposal)
        writer.write(justification)
    }
}

/// A committed block and its commit certificate, sent to a replica that fell behind.
public struct DecidedBlock: Hashable, Sendable, CanonicalEncodable {
    /// The block.
    public let block: Block
    /// Its commit certificate.
    public let certificate: CommitCertificate

    /// Creates a decided block.
    public init(block: Block, certificate: CommitCertificate) {
        self.block = block
        self.certificate = certificate
    }

    /// Field order: block, certificate.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(block)
        writer.write(certificate)
    }
}

/// A message between validators.
public enum ConsensusMessage: Hashable, Sendable, CanonicalEncodable {
    /// Pre-prepare in view 0.
    case proposal(Proposal)
    /// Prepare vote.
    case prepare(SignedVote)
    /// Commit vote.
    case commit(SignedVote)
    /// View change.
    case viewChange(ViewChange)
    /// New view with justification (pre-prepare in views above 0).
    case newView(NewView)
    /// A committed block for a replica that is behind.
    case decided(DecidedBlock)

    /// The height the message is about.
    public var height: Int64 {
        switch self {
        case .proposal(let proposal): proposal.height
        case .prepare(let vote), .commit(let vote): vote.height
        case .viewChange(let change): change.height
        case .newView(let newView): newView.proposal.height
        case .decided(let decided): decided.certificate.height
        }
    }

    /// Field order: a tag byte (1 proposal, 2 prepare, 3 commit, 4 view change, 5 new view,
    /// 6 decided), then the message.
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .proposal(let proposal): writer.write(UInt8(1)); writer.write(proposal)
        case .prepare(let vote): writer.write(UInt8(2)); writer.write(vote)
        case .commit(let vote): writer.write(UInt8(3)); writer.write(vote)
        case .viewChange(let change): writer.write(UInt8(4)); writer.write(change)
        case .newView(let newView): writer.write(UInt8(5)); writer.write(newView)
        case .decided(let decided): writer.write(UInt8(6)); writer.write(decided)
        }
    }
}
