import Canonical
import Workflow

/// The history of one organisation's signing key: which key was in force from which height.
/// A nil key means revoked. Genesis keys are in force from height 0 and not stored here.
public struct KeyHistory: Hashable, Sendable, CanonicalCodable {
    /// One change: from `fromHeight` on, `publicKey` (nil: revoked).
    public struct Entry: Hashable, Sendable {
        public let fromHeight: Int64
        public let publicKey: [UInt8]?
    }

    /// The changes, oldest first.
    public private(set) var entries: [Entry]

    /// The most changes one organisation's key may go through.
    public static let entriesMax = 256

    /// A history with these changes (empty: the genesis key was never changed).
    public init(entries: [Entry]) { self.entries = entries }

    /// The key in force at `height`: the last change at or before it, else `genesisKey`; nil
    /// when revoked.
    public func key(at height: Int64, genesisKey: PublicKey?, suite: CryptoSuiteID) -> PublicKey? {
        guard let change = entries.last(where: { $0.fromHeight <= height }) else { return genesisKey }
        return change.publicKey.flatMap { try? PublicKey(suite: suite, rawBytes: $0) }
    }

    /// Adds a change.
    mutating func append(_ entry: Entry) {
        precondition(entries.last.map { $0.fromHeight <= entry.fromHeight } ?? true, "key changes must not go back in height")
        entries.append(entry)
    }

    /// Field order: count, then each (fromHeight, presence tag, key bytes).
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(entries.count)
        for entry in entries {
            writer.write(entry.fromHeight)
            writer.write(entry.publicKey != nil)
            if let key = entry.publicKey { writer.write(bytes: key) }
        }
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let count = try reader.readInt(limit: Self.entriesMax)
        var entries: [Entry] = []
        for _ in 0..<count {
            let height = try reader.readInt64()
            let present = try reader.readBool()
            entries.append(Entry(fromHeight: height, publicKey: present ? try reader.readBytes(limit: 65) : nil))
        }
        self.entries = entries
    }
}

/// Organisation signing keys: rotation by the organisation itself (signed with its current
/// key), revocation by the organisation or the provincial office, and a new key set by the
/// provincial office. Every change applies from the next height, so the keys in force at a
/// height are fixed before its block executes and history verifies with the key of its time.
public struct KeysContract: Contract {
    public let id = ContractID.keys
    /// The chain's genesis (initial keys and suite).
    let genesis: Genesis

    /// Creates the contract for a chain.
    public init(genesis: Genesis) { self.genesis = genesis }

    /// Applies a key change from the next height.
    public func execute(_ payload: TransactionPayload, context: ExecutionContext, state: inout ExecutionState)
        -> Result<[WorkflowEvent], RejectionReason>
    {
        let sender = context.sender
        let (target, newKey): (String, [UInt8]?)
        switch payload {
        case .rotateKey(let key): (target, newKey) = (sender.id, key)
        case .revokeKey(let organisation): (target, newKey) = (organisation, nil)
        case .setKey(let organisation, let key): (target, newKey) = (organisation, key)
        default: preconditionFailure("keys contract given \(payload.contract)")
        }
        let isAuthority = sender.kind == .provincialOffice
        if case .setKey = payload, !isAuthority { return .failure(.keyChangeRefused("only the provincial office sets keys")) }
        if case .revokeKey = payload, !isAuthority, target != sender.id {
            return .failure(.keyChangeRefused("only the organisation itself or the provincial office revokes a key"))
        }
        guard genesis.organisations.contains(where: { $0.organisation.id == target }) else {
            return .failure(.keyChangeRefused("unknown organisation \(target)"))
        }
        if let newKey, (try? PublicKey(suite: genesis.suiteID, rawBytes: newKey)) == nil {
            return .failure(.keyChangeRefused("not a \(genesis.suiteID.rawValue) public key"))
        }
        var history = Self.history(of: target, in: state)
        guard history.entries.count < KeyHistory.entriesMax else { return .failure(.keyChangeRefused("too many key changes")) }
        history.append(KeyHistory.Entry(fromHeight: context.provenance.height + 1, publicKey: newKey))
        state.set(StateKey.organisationKeys(target), history.canonicalBytes)
        return .success([])
    }

    /// The organisation's key history (empty when its genesis key was never changed).
    public static func history(of organisationID: String, in state: ExecutionState) -> KeyHistory {
        guard let bytes = state.value(StateKey.organisationKeys(organisationID)) else { return KeyHistory(entries: []) }
        guard let history = try? KeyHistory(canonicalBytes: bytes) else { preconditionFailure("stored key history unreadable") }
        return history
    }

    /// The key in force for `organisationID` at `height`: the last change at or before it, else
    /// the genesis key; nil when revoked or unknown.
    public static func key(of organisationID: String, at height: Int64, genesis: Genesis, state: ExecutionState) -> PublicKey? {
        let genesisKey = genesis.organisations.first { $0.organisation.id == organisationID }?.publicKey
        return history(of: organisationID, in: state).key(at: height, genesisKey: genesisKey, suite: genesis.suiteID)
    }
}
