import Canonical

/// Bounds on what a peer may send: every list is bounded by the validator count limit and
/// every field by its longest honest form, so a hostile length prefix is refused before any
/// memory is reserved for it.
public enum ConsensusLimits {
    /// The longest validator identifier, in bytes (as in block headers).
    public static let validatorIDBytesMax = 64
    /// The longest hash or signature, in bytes (64-byte r || s signatures, 32-byte hashes).
    public static let hashOrSignatureBytesMax = 64
    /// The most votes in a prepared certificate or view changes in a justification.
    public static let votesMax = BlockHeader.validatorsMax
    /// The most signed records in a hard state: one per kind in the current view, with room.
    public static let signedRecordsMax = 16
    /// The largest encoded consensus message, in bytes (a block of a full batch fits easily).
    public static let messageBytesMax = 32 << 20
    /// The most elements any one array in a message may claim.
    public static let messageElementsMax = 100_000

    /// Reads a view or height field, refusing negative values.
    static func readNonNegative(_ reader: inout CanonicalReader, _ field: String) throws(CanonicalError) -> Int64 {
        let start = reader.offset
        let value = try reader.readInt64()
        guard value >= 0 else { throw .invalidValue(offset: start, reason: "\(field) is negative") }
        return value
    }

    /// Reads a list and refuses it unless `key` is strictly increasing (sorted, no repeats).
    static func readSortedUnique<Value: CanonicalDecodable>(
        _ reader: inout CanonicalReader, limit: Int, key: (Value) -> String, what: String
    ) throws(CanonicalError) -> [Value] {
        let start = reader.offset
        let values: [Value] = try reader.readArray(limit: limit)
        let keys = values.map(key)
        for index in keys.indices.dropFirst() where keys[index - 1] >= keys[index] {
            throw .invalidValue(offset: start, reason: "\(what) not sorted or repeated")
        }
        return values
    }
}

extension VotePhase {
    /// Reads a phase byte, refusing unknown values.
    static func read(_ reader: inout CanonicalReader) throws(CanonicalError) -> VotePhase {
        let start = reader.offset
        let raw = try reader.readUInt8()
        guard let phase = VotePhase(rawValue: raw) else { throw .invalidTag(offset: start, tag: UInt64(raw), type: "VotePhase") }
        return phase
    }
}

extension SignedVote: CanonicalDecodable {
    /// Reads the fields in `encode(to:)` order; height at least 1, view not negative.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        let height = try ConsensusLimits.readNonNegative(&reader, "vote height")
        guard height >= 1 else { throw .invalidValue(offset: start, reason: "vote height 0") }
        let view = try ConsensusLimits.readNonNegative(&reader, "vote view")
        let phase = try VotePhase.read(&reader)
        let blockHash = try reader.readBytes(limit: ConsensusLimits.hashOrSignatureBytesMax)
        let validatorID = try reader.readString(limit: ConsensusLimits.validatorIDBytesMax)
        let signature = try reader.readBytes(limit: ConsensusLimits.hashOrSignatureBytesMax)
        let attestation = try CensorshipIndicator.readAttestation(&reader)
        self.init(height: height, view: view, phase: phase, blockHash: blockHash, validatorID: validatorID, signature: signature,
                  attestation: attestation)
    }
}

extension PreparedCertificate: CanonicalDecodable {
    /// Reads the fields in `encode(to:)` order; the prepares must be sorted by distinct voters.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let view = try ConsensusLimits.readNonNegative(&reader, "certificate view")
        let block: Block = try reader.read()
        let blockHash = try reader.readBytes(limit: ConsensusLimits.hashOrSignatureBytesMax)
        let prepares: [SignedVote] = try ConsensusLimits.readSortedUnique(
            &reader, limit: ConsensusLimits.votesMax, key: { $0.validatorID }, what: "prepares")
        self.init(view: view, block: block, blockHash: blockHash, prepares: prepares)
    }
}

extension Proposal: CanonicalDecodable {
    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let view = try ConsensusLimits.readNonNegative(&reader, "proposal view")
        let block: Block = try reader.read()
        let proposerID = try reader.readString(limit: ConsensusLimits.validatorIDBytesMax)
        let signature = try reader.readBytes(limit: ConsensusLimits.hashOrSignatureBytesMax)
        self.init(view: view, block: block, proposerID: proposerID, signature: signature)
    }
}

extension ViewChange: CanonicalDecodable {
    /// Reads the fields in `encode(to:)` order; height and new view are at least 1.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        var start = reader.offset
        let height = try ConsensusLimits.readNonNegative(&reader, "view-change height")
        guard height >= 1 else { throw .invalidValue(offset: start, reason: "view-change height 0") }
        start = reader.offset
        let newView = try ConsensusLimits.readNonNegative(&reader, "new view")
        guard newView >= 1 else { throw .invalidValue(offset: start, reason: "a view change is to view 1 or later") }
        let preparedCertificate: PreparedCertificate? = try reader.readOptional()
        let senderID = try reader.readString(limit: ConsensusLimits.validatorIDBytesMax)
        let signature = try reader.readBytes(limit: ConsensusLimits.hashOrSignatureBytesMax)
        self.init(height: height, newView: newView, preparedCertificate: preparedCertificate, senderID: senderID, signature: signature)
    }
}

extension NewView: CanonicalDecodable {
    /// Reads the fields in `encode(to:)` order; the justification must be sorted by distinct senders.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let proposal: Proposal = try reader.read()
        let justification: [ViewChange] = try ConsensusLimits.readSortedUnique(
            &reader, limit: ConsensusLimits.votesMax, key: { $0.senderID }, what: "justification")
        self.init(proposal: proposal, justification: justification)
    }
}

extension DecidedBlock: CanonicalDecodable {
    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let block: Block = try reader.read()
        let certificate: CommitCertificate = try reader.read()
        self.init(block: block, certificate: certificate)
    }
}

extension ConsensusMessage: CanonicalDecodable {
    /// Reads a tag byte and the message it names; unknown tags are refused.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        let tag = try reader.readUInt8()
        switch tag {
        case 1: self = .proposal(try reader.read())
        case 2: self = .prepare(try Self.readVote(&reader, phase: .prepare))
        case 3: self = .commit(try Self.readVote(&reader, phase: .commit))
        case 4: self = .viewChange(try reader.read())
        case 5: self = .newView(try reader.read())
        case 6: self = .decided(try reader.read())
        default: throw .invalidTag(offset: start, tag: UInt64(tag), type: "ConsensusMessage")
        }
    }

    /// A vote whose phase must match the message tag.
    static func readVote(_ reader: inout CanonicalReader, phase: VotePhase) throws(CanonicalError) -> SignedVote {
        let start = reader.offset
        let vote: SignedVote = try reader.read()
        guard vote.phase == phase else { throw .invalidValue(offset: start, reason: "vote phase does not match the message") }
        return vote
    }

    /// Decodes one message as received from a peer: at most `ConsensusLimits.messageBytesMax`
    /// bytes, bounded lists, no trailing bytes. Garbage gives an error, never a crash.
    public static func decode(peerBytes bytes: [UInt8]) throws(CanonicalError) -> ConsensusMessage {
        guard bytes.count <= ConsensusLimits.messageBytesMax else {
            throw .lengthOverLimit(offset: 0, length: UInt64(bytes.count), limit: ConsensusLimits.messageBytesMax)
        }
        var reader = CanonicalReader(bytes, lengthLimit: CanonicalReader.defaultLengthLimit,
                                     countLimit: ConsensusLimits.messageElementsMax)
        let message: ConsensusMessage = try reader.read()
        try reader.finish()
        return message
    }
}

extension SignedRecord: CanonicalCodable {
    /// Field order: kind, view, blockHash.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(kind.rawValue)
        writer.write(view)
        writer.write(bytes: blockHash)
    }

    /// Reads the fields in `encode(to:)` order, refusing unknown kinds.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        let raw = try reader.readUInt8()
        guard let kind = Kind(rawValue: raw) else { throw .invalidTag(offset: start, tag: UInt64(raw), type: "SignedRecord.Kind") }
        let view = try ConsensusLimits.readNonNegative(&reader, "record view")
        let blockHash = try reader.readBytes(limit: ConsensusLimits.hashOrSignatureBytesMax)
        self.init(kind: kind, view: view, blockHash: blockHash)
    }
}

extension ConsensusHardState: CanonicalCodable {
    /// Field order: height, view, preparedCertificate (optional), signedRecords.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(height)
        writer.write(view)
        writer.write(preparedCertificate)
        writer.write(signedRecords)
    }

    /// Reads the fields in `encode(to:)` order: height at least 1, a prepared certificate
    /// from a view not after the current one, at most one record per (kind, view).
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        let height = try ConsensusLimits.readNonNegative(&reader, "hard-state height")
        guard height >= 1 else { throw .invalidValue(offset: start, reason: "hard-state height 0") }
        self.init(height: height)
        view = try ConsensusLimits.readNonNegative(&reader, "hard-state view")
        let certificateStart = reader.offset
        preparedCertificate = try reader.readOptional()
        if let certificate = preparedCertificate, certificate.view > view || certificate.block.header.height != height {
            throw .invalidValue(offset: certificateStart, reason: "prepared certificate not of this height and view")
        }
        let recordsStart = reader.offset
        signedRecords = try reader.readArray(limit: ConsensusLimits.signedRecordsMax)
        for (index, record) in signedRecords.enumerated() {
            let repeated = signedRecords[..<index].contains { $0.kind == record.kind && $0.view == record.view }
            guard !repeated, record.view >= view else {
                throw .invalidValue(offset: recordsStart, reason: "signed records repeated or from a view left")
            }
        }
    }
}
