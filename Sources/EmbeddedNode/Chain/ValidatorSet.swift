import Canonical

/// One validator of the set in force: its organisation identifier and the public key its
/// consensus votes are verified with (raw bytes of the chain's suite).
public struct ValidatorMember: Hashable, Sendable, CanonicalCodable {
    /// The validator's organisation identifier.
    public let validatorID: String
    /// Its consensus signing key (65 bytes, 0x04 || x || y, of the chain's suite).
    public let signingKey: [UInt8]

    /// Creates a member.
    public init(validatorID: String, signingKey: [UInt8]) {
        self.validatorID = validatorID
        self.signingKey = signingKey
    }

    /// Field order: validatorID, signingKey.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(validatorID)
        writer.write(bytes: signingKey)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        validatorID = try reader.readString(limit: 64)
        signingKey = try reader.readBytes(limit: 65)
    }
}

/// The validator set in force at a height: chain state (genesis, then changes approved by 2f+1
/// through the governance contract). Members are sorted by identifier, each once, so every
/// honest node hashes the same bytes; headers carry `hash`.
public struct ValidatorSet: Hashable, Sendable, CanonicalCodable {
    /// The members, sorted by identifier.
    public let members: [ValidatorMember]

    /// A set of `members` (sorted here); they must be 1...`BlockHeader.validatorsMax`, each once.
    public init(members: [ValidatorMember]) {
        let sorted = members.sorted { $0.validatorID < $1.validatorID }
        precondition(!sorted.isEmpty && sorted.count <= BlockHeader.validatorsMax, "a validator set has 1...validatorsMax members")
        precondition(zip(sorted, sorted.dropFirst()).allSatisfy { $0.validatorID < $1.validatorID }, "each validator once")
        self.members = sorted
    }

    /// The identifiers, sorted.
    public var validatorIDs: [String] { members.map(\.validatorID) }

    /// 2f+1 of this set.
    public var quorum: Int { Quorum.size(validatorCount: members.count) }

    /// The member `validatorID`, or nil.
    public func member(_ validatorID: String) -> ValidatorMember? { members.first { $0.validatorID == validatorID } }

    /// Whether `validatorID` is a member.
    public func contains(_ validatorID: String) -> Bool { member(validatorID) != nil }

    /// The header's `validatorSetHash`: `hash` of each member's identifier and key, in order
    /// (the same bytes genesis-only chains always hashed).
    public func hash(_ hash: ([UInt8]) -> [UInt8]) -> [UInt8] {
        var writer = CanonicalWriter()
        for member in members {
            writer.write(member.validatorID)
            writer.write(bytes: member.signingKey)
        }
        return hash(writer.bytes)
    }

    /// Field order: the members (sorted).
    public func encode(to writer: inout CanonicalWriter) { writer.write(members) }

    /// Reads the members, refusing an empty, unsorted or repeated list.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        let members: [ValidatorMember] = try reader.readArray(limit: BlockHeader.validatorsMax)
        guard !members.isEmpty, zip(members, members.dropFirst()).allSatisfy({ $0.validatorID < $1.validatorID }) else {
            throw .invalidValue(offset: start, reason: "validator set empty, unsorted or repeated")
        }
        self.members = members
    }
}

/// Which node key (the public key of a node's TLS certificate, X9.63 uncompressed P-256) each
/// organisation's node presents, and the keys revoked: chain state, so every node admits and
/// refuses the same peers. Genesis gives the first registry; governance revokes and renews.
public struct NodeKeyRegistry: Hashable, Sendable, CanonicalCodable {
    /// One organisation's node key.
    public struct Entry: Hashable, Sendable {
        /// The organisation.
        public let organisationID: String
        /// Its node's key.
        public let nodeKey: [UInt8]
    }

    /// The most revoked keys remembered (older ones are still refused: they are in no entry).
    public static let revokedKeysMax = 1024
    /// The most registered node keys a decoded registry may hold (one per organisation).
    public static let entriesMax = 10_000

    /// The registered keys, sorted by organisation, one per organisation.
    public private(set) var entries: [Entry]
    /// Revoked keys, oldest first (so a refusal can say "revoked").
    public private(set) var revokedKeys: [[UInt8]]

    /// A registry of `entries` (sorted here) and `revokedKeys`.
    public init(entries: [Entry], revokedKeys: [[UInt8]] = []) {
        self.entries = entries.sorted { $0.organisationID < $1.organisationID }
        self.revokedKeys = revokedKeys
        precondition(zip(self.entries, self.entries.dropFirst()).allSatisfy { $0.organisationID < $1.organisationID },
                     "one node key per organisation")
    }

    /// The organisation whose node presents `nodeKey`, or nil.
    public func organisation(presenting nodeKey: [UInt8]) -> String? {
        entries.first { $0.nodeKey == nodeKey }?.organisationID
    }

    /// The node key of `organisationID`, or nil.
    public func nodeKey(of organisationID: String) -> [UInt8]? {
        entries.first { $0.organisationID == organisationID }?.nodeKey
    }

    /// Whether `nodeKey` was revoked.
    public func isRevoked(_ nodeKey: [UInt8]) -> Bool { revokedKeys.contains(nodeKey) }

    /// Registers `nodeKey` for `organisationID`; its previous key, if any, is revoked.
    mutating func register(_ nodeKey: [UInt8], for organisationID: String) {
        precondition(organisation(presenting: nodeKey) == nil && !isRevoked(nodeKey), "a node key is registered once, never after revocation")
        if let old = self.nodeKey(of: organisationID) { revoke(old) }
        entries.append(Entry(organisationID: organisationID, nodeKey: nodeKey))
        entries.sort { $0.organisationID < $1.organisationID }
    }

    /// Revokes `nodeKey`: its organisation has no node key until one is renewed.
    mutating func revoke(_ nodeKey: [UInt8]) {
        entries.removeAll { $0.nodeKey == nodeKey }
        revokedKeys.append(nodeKey)
        if revokedKeys.count > Self.revokedKeysMax { revokedKeys.removeFirst(revokedKeys.count - Self.revokedKeysMax) }
        precondition(organisation(presenting: nodeKey) == nil, "a revoked key presents no organisation")
    }

    /// Field order: entries (organisation, key), revoked keys.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(entries.count)
        for entry in entries {
            writer.write(entry.organisationID)
            writer.write(bytes: entry.nodeKey)
        }
        writer.write(revokedKeys.count)
        for key in revokedKeys { writer.write(bytes: key) }
    }

    /// Reads the fields in `encode(to:)` order, refusing unsorted entries.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        let count = try reader.readInt(limit: Self.entriesMax)
        var entries: [Entry] = []
        for _ in 0..<count {
            entries.append(Entry(organisationID: try reader.readString(limit: 64), nodeKey: try reader.readBytes(limit: 65)))
        }
        guard zip(entries, entries.dropFirst()).allSatisfy({ $0.organisationID < $1.organisationID }) else {
            throw .invalidValue(offset: start, reason: "node keys unsorted or repeated")
        }
        let revokedCount = try reader.readInt(limit: Self.revokedKeysMax)
        var revoked: [[UInt8]] = []
        for _ in 0..<revokedCount { revoked.append(try reader.readBytes(limit: 65)) }
        self.entries = entries
        self.revokedKeys = revoked
    }
}

extension Genesis {
    /// The validator set at height 0: each validator with its genesis key.
    public var initialValidatorSet: ValidatorSet {
        ValidatorSet(members: organisations.filter(\.isValidator).map {
            ValidatorMember(validatorID: $0.organisation.id, signingKey: $0.publicKey.rawBytes)
        })
    }

    /// The node keys at height 0: each organisation's `nodeKey`, none revoked.
    public var initialNodeKeys: NodeKeyRegistry {
        NodeKeyRegistry(entries: organisations.compactMap { entry in
            entry.nodeKey.map { NodeKeyRegistry.Entry(organisationID: entry.organisation.id, nodeKey: $0) }
        })
    }
}
