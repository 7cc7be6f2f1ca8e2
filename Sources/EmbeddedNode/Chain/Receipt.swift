import Canonical
import Workflow

/// Why the chain refused a transaction that was in a block. Typed codes with parameters,
/// never text: receipts are hashed and compared across nodes.
public enum RejectionReason: Error, Hashable, Sendable {
    /// The sender is not an organisation of this chain.
    case unknownSender(String)
    /// The sender has no key in force (revoked and not replaced).
    case senderKeyRevoked(String)
    /// The signature does not verify with the sender's key in force.
    case badSignature
    /// The transaction's expiry height passed before this block.
    case expired(expiryHeight: Int64)
    /// The expiry height is further ahead than the chain's window allows.
    case expiryTooFar(expiryHeight: Int64, windowBlocks: Int)
    /// The transaction names another chain.
    case wrongChain(String)
    /// This (sender, nonce) was already committed.
    case duplicateNonce
    /// The fund flow refused the command.
    case workflow(WorkflowError)
    /// The anchor key already holds a value ("key exists").
    case anchorKeyExists(String)
    /// The anchor key or value hash is malformed (empty key, hash not 32 bytes).
    case anchorMalformed
    /// A key-management payload was refused: not permitted, unknown organisation, bad key.
    case keyChangeRefused(String)
    /// A governance proposal or approval was refused.
    case governance(GovernanceRefusal)
}

extension RejectionReason: CanonicalCodable {
    /// Tag then parameters.
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .unknownSender(let id): writer.write(UInt8(1)); writer.write(id)
        case .senderKeyRevoked(let id): writer.write(UInt8(2)); writer.write(id)
        case .badSignature: writer.write(UInt8(3))
        case .expired(let height): writer.write(UInt8(4)); writer.write(height)
        case .duplicateNonce: writer.write(UInt8(5))
        case .workflow(let error): writer.write(UInt8(6)); writer.write(error)
        case .anchorKeyExists(let key): writer.write(UInt8(7)); writer.write(key)
        case .anchorMalformed: writer.write(UInt8(8))
        case .keyChangeRefused(let detail): writer.write(UInt8(9)); writer.write(detail)
        case .expiryTooFar(let height, let window): writer.write(UInt8(10)); writer.write(height); writer.write(window)
        case .wrongChain(let chain): writer.write(UInt8(11)); writer.write(chain)
        case .governance(let refusal): writer.write(UInt8(12)); writer.write(refusal)
        }
    }

    /// Reads a tag and its parameters.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        switch try reader.readUInt8() {
        case 1: self = .unknownSender(try reader.readString(limit: 64))
        case 2: self = .senderKeyRevoked(try reader.readString(limit: 64))
        case 3: self = .badSignature
        case 4: self = .expired(expiryHeight: try reader.readInt64())
        case 5: self = .duplicateNonce
        case 6: self = .workflow(try reader.read())
        case 7: self = .anchorKeyExists(try reader.readString(limit: TransactionPayload.anchorKeyBytesMax))
        case 8: self = .anchorMalformed
        case 9: self = .keyChangeRefused(try reader.readString(limit: 256))
        case 10: self = .expiryTooFar(expiryHeight: try reader.readInt64(), windowBlocks: try reader.readInt())
        case 11: self = .wrongChain(try reader.readString(limit: 64))
        case 12: self = .governance(try reader.read())
        case let tag: throw .invalidTag(offset: start, tag: UInt64(tag), type: "RejectionReason")
        }
    }
}

/// What became of one committed transaction: success with the fund flow's events (other
/// contracts emit none), or failure with a reason. A failed transaction changed no state.
public struct Receipt: Hashable, Sendable, CanonicalCodable {
    /// The outcome.
    public enum Outcome: Hashable, Sendable {
        case success([WorkflowEvent])
        case failure(RejectionReason)
    }

    /// The transaction's hash.
    public let transactionHash: [UInt8]
    /// Its block's height.
    public let height: Int64
    /// Its position in the block.
    public let index: Int
    /// What happened.
    public let outcome: Outcome
    /// What a successful governance transaction did (proposal, approvals, activation height).
    public let governance: GovernanceOutcome?

    /// Creates a receipt; `governance` only with a successful outcome.
    public init(transactionHash: [UInt8], height: Int64, index: Int, outcome: Outcome, governance: GovernanceOutcome? = nil) {
        precondition(governance == nil || outcome == .success([]), "a governance note belongs to a success without events")
        self.transactionHash = transactionHash
        self.height = height
        self.index = index
        self.outcome = outcome
        self.governance = governance
    }

    /// Field order: transactionHash, height, index, outcome tag (1 success, 2 failure, 3 governance
    /// success), value. Tag 3 exists only with a governance note, so every other receipt keeps its bytes.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(bytes: transactionHash)
        writer.write(height)
        writer.write(index)
        if let governance {
            writer.write(UInt8(3))
            writer.write(governance)
            return
        }
        switch outcome {
        case .success(let events): writer.write(UInt8(1)); writer.write(events)
        case .failure(let reason): writer.write(UInt8(2)); writer.write(reason)
        }
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        transactionHash = try reader.readBytes(limit: 64)
        height = try reader.readInt64()
        index = try reader.readInt()
        let start = reader.offset
        switch try reader.readUInt8() {
        case 1: (outcome, governance) = (.success(try reader.readArray()), nil)
        case 2: (outcome, governance) = (.failure(try reader.read()), nil)
        case 3: (outcome, governance) = (.success([]), try reader.read())
        case let tag: throw .invalidTag(offset: start, tag: UInt64(tag), type: "Receipt.Outcome")
        }
    }
}
