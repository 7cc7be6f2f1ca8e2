import Foundation

/// The node's `ProposalValidator`. The consensus core asks it synchronously, inside a step,
/// while execution needs the node's state (actor-isolated); so the consensus driver has the
/// node execute every block a message carries before the message reaches the core
/// (`Node.checkProposal`), and the node records its verdict here. A block this node has not
/// executed is refused: a replica never prepares what it did not re-execute.
public final class ExecutedProposalValidator: ProposalValidator, @unchecked Sendable {
    /// The most verdicts kept (older ones are forgotten first; a forgotten block is executed again).
    static let verdictsMax = 64

    private let lock = NSLock()
    private var verdicts: [(blockHash: [UInt8], problem: String?)] = []
    private let hash: @Sendable ([UInt8]) -> [UInt8]

    /// A validator for blocks hashed with `hash` (the chain suite's).
    public init(hash: @escaping @Sendable ([UInt8]) -> [UInt8]) { self.hash = hash }

    /// Records the node's verdict on the block with this hash: nil if it may extend its parent.
    func record(blockHash: [UInt8], problem: String?) {
        lock.withLock {
            guard !verdicts.contains(where: { $0.blockHash == blockHash }) else { return }
            if verdicts.count >= Self.verdictsMax { verdicts.removeFirst() }
            verdicts.append((blockHash, problem))
        }
    }

    /// The recorded verdict on the block with this hash: nil if none is recorded, `.some(nil)` if valid.
    func verdict(blockHash: [UInt8]) -> String?? {
        lock.withLock { verdicts.first { $0.blockHash == blockHash }.map(\.problem) }
    }

    /// The node's verdict, or a refusal for a block it has not executed.
    public func problem(with block: Block, parent: ChainTip) -> String? {
        guard let verdict = verdict(blockHash: hash(block.header.canonicalBytes)) else {
            return "block \(block.header.height) was not executed by this replica"
        }
        return verdict
    }
}
