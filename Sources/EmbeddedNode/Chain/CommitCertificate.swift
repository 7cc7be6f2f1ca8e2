import Canonical

/// The phase a consensus vote belongs to.
public enum VotePhase: UInt8, Sendable, CaseIterable {
    case prepare = 1
    case commit = 2
}

/// What a validator signs when it votes: (chain id, height, view, phase, block hash, censorship
/// attestation). Signing the chain id keeps a vote from being replayed on another chain; a commit
/// vote's attestation (`CensorshipIndicator`) is signed with it, so nobody can forge or alter it.
public struct VotePayload: Hashable, Sendable, CanonicalEncodable {
    /// The chain.
    public let chainID: String
    /// The height voted on.
    public let height: Int64
    /// The view (round) at that height.
    public let view: Int64
    /// Prepare or commit.
    public let phase: VotePhase
    /// The block voted for.
    public let blockHash: [UInt8]
    /// A commit vote's censorship attestation over the block's transactions (empty: none).
    public let attestation: [UInt8]

    /// Creates a vote payload.
    public init(chainID: String, height: Int64, view: Int64, phase: VotePhase, blockHash: [UInt8], attestation: [UInt8] = []) {
        self.chainID = chainID
        self.height = height
        self.view = view
        self.phase = phase
        self.blockHash = blockHash
        self.attestation = attestation
    }

    /// Field order: a domain tag "fundchain-vote-v2", chainID, height, view, phase, blockHash,
    /// attestation.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write("fundchain-vote-v2")
        writer.write(chainID)
        writer.write(height)
        writer.write(view)
        writer.write(phase.rawValue)
        writer.write(bytes: blockHash)
        writer.write(bytes: attestation)
    }
}

/// One validator's signature in a certificate, with the censorship attestation it signed.
public struct ValidatorSignature: Hashable, Sendable, CanonicalCodable {
    /// The validator's organisation identifier.
    public let validatorID: String
    /// Its 64-byte signature of the commit vote payload.
    public let signature: [UInt8]
    /// The censorship attestation of its commit vote (`CensorshipIndicator`); empty: none.
    public let attestation: [UInt8]

    /// Creates an entry.
    public init(validatorID: String, signature: [UInt8], attestation: [UInt8] = []) {
        self.validatorID = validatorID
        self.signature = signature
        self.attestation = attestation
    }

    /// Field order: validatorID, signature, attestation.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(validatorID)
        writer.write(bytes: signature)
        writer.write(bytes: attestation)
    }

    /// Reads the fields in `encode(to:)` order; the attestation must be canonical (no
    /// trailing zero byte).
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        validatorID = try reader.readString(limit: 64)
        signature = try reader.readBytes(limit: 64)
        attestation = try CensorshipIndicator.readAttestation(&reader)
    }
}

/// Proof that a block was committed: commit-phase signatures of a quorum (2f+1) of the
/// validator set in force at its height, over (chain id, height, view, commit, block hash).
/// Canonical form: signers sorted by identifier, each once, so every honest node builds the
/// same bytes for the same signers.
public struct CommitCertificate: Hashable, Sendable, CanonicalCodable {
    /// The committed block's height.
    public let height: Int64
    /// The view in which it committed.
    public let view: Int64
    /// The committed block's hash.
    public let blockHash: [UInt8]
    /// The signatures, sorted by validator identifier, no duplicates.
    public let signatures: [ValidatorSignature]

    /// Creates a certificate, sorting the signatures into canonical order.
    public init(height: Int64, view: Int64, blockHash: [UInt8], signatures: [ValidatorSignature]) {
        self.height = height
        self.view = view
        self.blockHash = blockHash
        self.signatures = signatures.sorted { $0.validatorID < $1.validatorID }
    }

    /// The payload `entry` signs: the commit vote with its attestation.
    public func payload(chainID: String, of entry: ValidatorSignature) -> VotePayload {
        VotePayload(chainID: chainID, height: height, view: view, phase: .commit, blockHash: blockHash, attestation: entry.attestation)
    }

    /// Checks the certificate against the validator set in force at its height: distinct known
    /// signers, at least `quorum` of them, each signature valid. Returns the first problem.
    public func problem(chainID: String, validators: [String: PublicKey], quorum: Int, suite: any CryptoSuite) -> String? {
        let ids = signatures.map(\.validatorID)
        guard ids == ids.sorted(), Set(ids).count == ids.count else { return "signers not sorted or repeated" }
        guard ids.count >= quorum else { return "\(ids.count) signatures, quorum is \(quorum)" }
        for entry in signatures {
            guard let key = validators[entry.validatorID] else { return "\(entry.validatorID) is not a validator at height \(height)" }
            let message = payload(chainID: chainID, of: entry).canonicalBytes
            guard suite.verify(signature: entry.signature, of: message, by: key) else { return "bad signature by \(entry.validatorID)" }
        }
        return nil
    }

    /// Field order: height, view, blockHash, signatures.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(height)
        writer.write(view)
        writer.write(bytes: blockHash)
        writer.write(signatures)
    }

    /// Reads the fields in `encode(to:)` order; the signatures must already be canonical.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        height = try reader.readInt64()
        view = try reader.readInt64()
        blockHash = try reader.readBytes(limit: 64)
        let start = reader.offset
        let signatures: [ValidatorSignature] = try reader.readArray(limit: BlockHeader.validatorsMax)
        guard signatures.map(\.validatorID) == signatures.map(\.validatorID).sorted() else {
            throw .invalidValue(offset: start, reason: "certificate signers not sorted")
        }
        self.signatures = signatures
    }
}
