import Canonical
import Workflow

/// One organisation as genesis lists it: its fund-flow identity, its signing key and whether
/// it runs a validating node.
public struct GenesisOrganisation: Hashable, Sendable {
    /// The fund-flow organisation (identifier, kind, name, account, county).
    public let organisation: Organisation
    /// Its signing key at height 0.
    public let publicKey: PublicKey
    /// Whether its node validates (votes in CBFT).
    public let isValidator: Bool
    /// Its node's TLS key (X9.63 uncompressed P-256), when genesis names a consortium CA.
    public internal(set) var nodeKey: [UInt8]? = nil
}

/// Consensus and block-cutting settings, all in genesis so every node applies the same.
public struct ConsensusSettings: Hashable, Sendable, Codable {
    /// Cut a block when this many milliseconds passed since its first transaction.
    public var batchTimeoutMs: Int = 2000
    /// Cut a block when it holds this many transactions.
    public var transactionsPerBlockMax: Int = 10
    /// A transaction may expire at most this many blocks ahead of the height it is sent at.
    public var expiryWindowBlocks: Int = 1000
    /// The mempool refuses transactions whose timestamp is further than this from its clock.
    public var timestampToleranceMs: Int = 300_000

    /// Creates settings; every value has the default above unless given.
    public init(batchTimeoutMs: Int = 2000, transactionsPerBlockMax: Int = 10, expiryWindowBlocks: Int = 1000,
                timestampToleranceMs: Int = 300_000) {
        self.batchTimeoutMs = batchTimeoutMs
        self.transactionsPerBlockMax = transactionsPerBlockMax
        self.expiryWindowBlocks = expiryWindowBlocks
        self.timestampToleranceMs = timestampToleranceMs
    }

    /// The first problem with these settings, or nil.
    public func problem() -> String? {
        if !(1...600_000).contains(batchTimeoutMs) { return "consensus.batchTimeoutMs must be 1...600000" }
        if !(1...100_000).contains(transactionsPerBlockMax) { return "consensus.transactionsPerBlockMax must be 1...100000" }
        if !(1...1_000_000).contains(expiryWindowBlocks) { return "consensus.expiryWindowBlocks must be 1...1000000" }
        if !(1_000...86_400_000).contains(timestampToleranceMs) { return "consensus.timestampToleranceMs must be 1000...86400000" }
        return nil
    }
}

/// A chain's genesis: its identity, crypto suite, organisations with keys and validator flags,
/// the fund-flow settings and the consensus settings. Read from a JSON file people can review
/// (`GenesisFile`), validated with every problem named by its path, and hashed in canonical
/// form: the genesis hash is block 1's previous hash and seeds primary selection.
public struct Genesis: Hashable, Sendable {
    /// The chain's identifier, signed into every transaction and vote.
    public let chainID: String
    /// The suite for transaction and consensus signatures and hashes.
    public let suiteID: CryptoSuiteID
    /// The chain's start (UTC ms); block times are after it.
    public let genesisTimeMs: Int64
    /// The organisations, sorted by identifier.
    public let organisations: [GenesisOrganisation]
    /// The fund-flow rules.
    public let workflowSettings: WorkflowSettings
    /// Consensus and block-cutting settings.
    public let consensus: ConsensusSettings
    /// The consortium CA's certificate (DER) that issues node certificates, or nil on a chain
    /// without a peer network.
    public let caCertificateDER: [UInt8]?

    /// The validators' identifiers, sorted.
    public var validatorIDs: [String] { organisations.filter(\.isValidator).map(\.organisation.id) }

    /// The crypto suite.
    public var suite: any CryptoSuite { CryptoSuites.suite(suiteID) }

    /// The genesis hash: the suite's hash of the canonical encoding.
    public var hash: [UInt8] { suite.hash(canonicalBytes) }

    /// The fund flow's initial state.
    public func initialWorkflowState() throws(WorkflowStateError) -> WorkflowState {
        try WorkflowState(organisations: organisations.map(\.organisation), settings: workflowSettings)
    }

    init(chainID: String, suiteID: CryptoSuiteID, genesisTimeMs: Int64, organisations: [GenesisOrganisation],
         workflowSettings: WorkflowSettings, consensus: ConsensusSettings, caCertificateDER: [UInt8]? = nil) {
        self.chainID = chainID
        self.suiteID = suiteID
        self.genesisTimeMs = genesisTimeMs
        self.organisations = organisations.sorted { $0.organisation.id < $1.organisation.id }
        self.workflowSettings = workflowSettings
        self.consensus = consensus
        self.caCertificateDER = caCertificateDER
    }
}

extension Genesis: CanonicalEncodable {
    /// Field order: a domain tag, chainID, suite, genesisTimeMs, organisations (organisation,
    /// public key, validator flag), workflow settings, consensus settings; then, only when
    /// genesis names a consortium CA (so chains without one keep their hash), a tag, the CA
    /// certificate and each organisation's node key (empty when it has none).
    public func encode(to writer: inout CanonicalWriter) {
        writer.write("fundchain-genesis-v1")
        writer.write(chainID)
        writer.write(suiteID.rawValue)
        writer.write(genesisTimeMs)
        writer.write(organisations.count)
        for entry in organisations {
            writer.write(entry.organisation)
            writer.write(bytes: entry.publicKey.rawBytes)
            writer.write(entry.isValidator)
        }
        writer.write(workflowSettings)
        writer.write(Int64(consensus.batchTimeoutMs))
        writer.write(Int64(consensus.transactionsPerBlockMax))
        writer.write(Int64(consensus.expiryWindowBlocks))
        writer.write(Int64(consensus.timestampToleranceMs))
        guard let caCertificateDER else { return }
        writer.write("fundchain-network-v1")
        writer.write(bytes: caCertificateDER)
        for entry in organisations { writer.write(bytes: entry.nodeKey ?? []) }
    }
}
