/// The application's check of a proposed block, applied by every replica before it prepares
/// (execution of the batch, client signatures, state and receipt roots). It may depend only on
/// the block and its parent's committed state, never on the replica's mempool or anything else
/// local, so honest replicas reach the same verdict on the same block.
public protocol ProposalValidator: Sendable {
    /// Why `block` may not extend `parent` (named in words), or nil if it may.
    func problem(with block: Block, parent: ChainTip) -> String?
}

extension ConsensusCore {
    /// Timestamp bounds: later than the parent's always; for a fresh block (proposed in the
    /// view its header names) also within `timestampToleranceMs` of this replica's latest clock
    /// reading, either way. A re-proposed prepared block keeps its old time, so only its
    /// future bound applies.
    func validateTimestamp(_ header: BlockHeader, fresh: Bool) throws(ConsensusRejection) {
        guard header.timestampMs > tip.timestampMs else {
            throw .invalidBlock("timestamp \(header.timestampMs) ms not after the parent's \(tip.timestampMs) ms")
        }
        guard let nowMs = clockNowMs else { return }
        let tolerance = configuration.timestampToleranceMs
        guard header.timestampMs <= nowMs + tolerance else {
            throw .invalidBlock("timestamp \(header.timestampMs) ms beyond clock \(nowMs) ms + \(tolerance) ms")
        }
        guard !fresh || header.timestampMs >= nowMs - tolerance else {
            throw .invalidBlock("timestamp \(header.timestampMs) ms before clock \(nowMs) ms - \(tolerance) ms")
        }
    }
}
