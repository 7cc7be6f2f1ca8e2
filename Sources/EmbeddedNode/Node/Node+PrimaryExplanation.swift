import Canonical

/// The credit scores replayed so far: the newest table and one every `checkpointBlocks`
/// heights, so "why this primary" for any height replays at most that many headers after the
/// first time.
struct CreditScoreCache {
    /// Heights between two kept tables.
    static let checkpointBlocks: Int64 = 256
    /// Tables in force after each multiple of `checkpointBlocks` replayed so far.
    var checkpoints: [Int64: CreditScoreTable] = [:]
    /// The newest replayed table and the height it is in force after.
    var newest: (height: Int64, table: CreditScoreTable)?

    /// The replayed table nearest below or at `height`.
    func start(atOrBelow height: Int64) -> (height: Int64, table: CreditScoreTable)? {
        if let newest, newest.height <= height { return newest }
        let checkpoint = (height / Self.checkpointBlocks) * Self.checkpointBlocks
        return checkpoints[checkpoint].map { (checkpoint, $0) }
    }

    /// Keeps `table`, in force after `height`.
    mutating func keep(_ table: CreditScoreTable, after height: Int64) {
        if height % Self.checkpointBlocks == 0 { checkpoints[height] = table }
        if height > (newest?.height ?? -1) { newest = (height, table) }
    }
}

extension Node {
    /// The score settings the chain's consensus runs with (`ConsensusDriver`).
    public static let creditScoreSettings = CreditScoreSettings()
    /// How many blocks before a height `ValidatorActivity` covers.
    public static let primaryActivityWindowBlocks: Int64 = 64

    /// The credit scores in force after `height` (so at `height + 1`): every committed header's
    /// outcome replayed from the initial table, each replayed table checked against the next
    /// header's `creditScoreTableHash`. A single-validator chain (blocks cut without
    /// consensus) records no table; its lone validator keeps its score.
    public func creditScores(afterHeight height: Int64) throws(NodeError) -> CreditScoreTable {
        precondition(height >= 0 && height <= tip.height, "scores are replayed over committed blocks")
        let settings = Self.creditScoreSettings
        let hash = genesis.suite.hash
        var replayed = creditScoreCache.start(atOrBelow: height)
        if replayed == nil {
            do {
                replayed = (height: 0, table: try CreditScoreTable(validatorIDs: genesis.validatorIDs, settings: settings))
            } catch {
                throw .damagedChain(height: nil, reason: "genesis validators make no credit-score table: \(error)")
            }
        }
        guard let start = replayed else { preconditionFailure("a start table was made above") }
        var current = start.height
        var scores = start.table
        let unrecorded = hash([])
        let history = governanceHistory()
        var window = try censorshipWindow(atHeight: current)
        while current < height {
            current += 1
            guard let block = try block(height: current)?.block else { throw .damagedChain(height: current, reason: "block missing") }
            let header = block.header
            let lone = genesis.validatorIDs.count == 1 && header.creditScoreTableHash == unrecorded
            guard lone || header.creditScoreTableHash == scores.hash(hash) else {
                throw .damagedChain(height: current, reason: "credit score table hash differs from the replayed scores")
            }
            // The certificate in block `current` is for block current - 1, signed by the set in force there.
            let signers = history.epoch(at: current - 1, genesis: genesis).validators.validatorIDs.count
            let charged = CensorshipIndicator.chargedPrimary(
                certificate: header.previousCommitCertificate, window: window,
                attestersMin: Quorum.faultsTolerated(validatorCount: signers) + 1,
                transactionsPerBlockMax: genesis.consensus.transactionsPerBlockMax)
            do {
                try scores.recordCommittedBlock(proposerID: header.proposerID, failedViewPrimaries: header.failedViewPrimaries,
                                                censorshipChargedID: charged, settings: settings)
            } catch {
                throw .damagedChain(height: current, reason: "credit scores: \(error)")
            }
            // A validator that joins at the next height enters at the initial score; one that leaves, leaves the table.
            scores = scores.following(history.epoch(at: current + 1, genesis: genesis).validators.validatorIDs, settings: settings)
            window = window.advanced(by: block)
            creditScoreCache.keep(scores, after: current)
        }
        return scores
    }

    /// The censorship indicator's window at `height`: that block and its parent (empty at 0).
    public func censorshipWindow(atHeight height: Int64) throws(NodeError) -> CensorshipWindow {
        var window = CensorshipWindow()
        for current in max(1, height - 1)...max(1, height) where current <= height {
            guard let block = try block(height: current)?.block else { throw .damagedChain(height: current, reason: "block missing") }
            window = window.advanced(by: block)
        }
        return window
    }

    /// "Why this primary" for the block at `height`, or for the next height (view 0) when
    /// `height` is nil or the tip's height + 1; nil for a height above that or below 1.
    /// Recomputed from chain data only; a committed block whose recorded failed-view primaries
    /// or proposer differ from the recomputation means the stored chain is damaged.
    public func primaryExplanation(height: Int64?) throws(NodeError) -> HeightPrimaryExplanation? {
        let height = height ?? tip.height + 1
        guard height >= 1, height <= tip.height + 1 else { return nil }
        let scores = try creditScores(afterHeight: height - 1)
        let f = Quorum.faultsTolerated(validatorCount: scores.validatorIDs.count)
        let header = try block(height: height)?.block.header
        let decidingView = header?.view ?? 0
        let listed = Array(0..<min(decidingView, Int64(HeightPrimaryExplanation.failedViewsListedMax))) + [decidingView]
        let views = listed.map {
            PrimarySelection.explain(table: scores, genesisHash: genesis.hash, height: height, view: $0, faultsTolerated: f, hash: genesis.suite.hash)
        }
        if let header {
            guard views[views.count - 1].excludedValidatorIDs == header.failedViewPrimaries,
                  views[views.count - 1].primaryID == header.proposerID else {
                throw .damagedChain(height: height, reason: "the recorded proposer or failed-view primaries differ from the recomputed selection")
            }
        }
        return HeightPrimaryExplanation(height: height, isCommitted: header != nil, genesisHash: genesis.hash, faultsTolerated: f,
                                        views: views, activityWindowBlocks: Self.primaryActivityWindowBlocks,
                                        activity: try activity(before: height, validatorIDs: scores.validatorIDs))
    }

    /// Each validator's record as primary over the window of blocks before `height`.
    private func activity(before height: Int64, validatorIDs: [String]) throws(NodeError) -> [ValidatorActivity] {
        var proposed: [String: Int64] = [:]
        var failed: [String: Int64] = [:]
        var last: [String: Int64] = [:]
        var current = height - 1
        while current >= 1, current >= height - Self.primaryActivityWindowBlocks {
            guard let block = try block(height: current)?.block else { throw .damagedChain(height: current, reason: "block missing") }
            let header = block.header
            proposed[header.proposerID, default: 0] += 1
            if last[header.proposerID] == nil { last[header.proposerID] = current }
            for primary in header.failedViewPrimaries { failed[primary, default: 0] += 1 }
            current -= 1
        }
        return validatorIDs.map {
            ValidatorActivity(validatorID: $0, proposedBlocks: proposed[$0] ?? 0, failedViews: failed[$0] ?? 0, lastProposedHeight: last[$0])
        }
    }
}
