import EmbeddedNode

/// Builds and signs an organisation's transactions; shared by both ledgers so that a
/// transaction is built the same way whichever node receives it.
struct TransactionSigner: Sendable {
    /// The furthest ahead, in blocks, a ledger sets a transaction's expiry. Far inside the
    /// default genesis window (1,000 blocks), so that blocks committed between reading the
    /// height and admission never push it out; half the chain's window if that is smaller.
    static let expiryAheadBlocksMax: Int64 = 100

    let identity: LedgerIdentity
    /// The clock for transaction timestamps (UTC ms); the node refuses times far from its own.
    let nowMs: @Sendable () -> Int64

    /// The chain's view a transaction is built against.
    struct ChainView {
        let chainID: String
        let tipHeight: Int64
        let expiryWindowBlocks: Int64
    }

    /// `payload` from this organisation, with a random nonce from the system's generator, an
    /// expiry `expiryAheadBlocks` ahead of the tip and the time now, signed.
    func sign(_ payload: TransactionPayload, on chain: ChainView) throws(LedgerError) -> Transaction {
        precondition(chain.expiryWindowBlocks >= 1, "genesis validation keeps the expiry window at 1 block or more")
        var generator = SystemRandomNumberGenerator()
        let body = TransactionBody(chainID: chain.chainID, senderID: identity.organisationID, nonce: generator.next(),
                                   expiryHeight: chain.tipHeight + Self.expiryAheadBlocks(window: chain.expiryWindowBlocks),
                                   timestampMs: nowMs(), payload: payload)
        do {
            return try Transaction(signing: body, with: identity.key)
        } catch {
            throw .signingFailed("\(error)")
        }
    }

    /// How far ahead of the tip to expire: at most `expiryAheadBlocksMax`, at most half the
    /// chain's window, at least 1 (the next block).
    static func expiryAheadBlocks(window expiryWindowBlocks: Int64) -> Int64 {
        max(1, min(expiryAheadBlocksMax, expiryWindowBlocks / 2))
    }

    /// The hash the chain gives a transaction (the suite's hash of its body).
    func hash(of transaction: Transaction) -> [UInt8] {
        transaction.hash(CryptoSuites.suite(identity.key.suite))
    }
}
