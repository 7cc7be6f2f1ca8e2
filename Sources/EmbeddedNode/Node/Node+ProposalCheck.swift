import Canonical
import Dispatch

/// A block executed on a copy of the committed state, kept so that its commit stores the
/// result instead of executing the block a second time.
struct ProposalExecution: Sendable {
    /// The block's hash (its header names its parent).
    let blockHash: [UInt8]
    /// The state after the block.
    let next: ExecutionState
    /// What executing it produced.
    let execution: BlockExecution
}

extension RejectionReason {
    /// Whether a block that carries a transaction refused for this reason is itself invalid: a
    /// forged or unauthorised signature, another chain, an expiry outside the window or a used
    /// nonce are never packed by an honest primary (its mempool checks them at admission and it
    /// drops them before proposing), whereas contract refusals are ordinary outcomes.
    var invalidatesBlock: Bool {
        switch self {
        case .unknownSender, .senderKeyRevoked, .badSignature, .expired, .expiryTooFar, .wrongChain, .duplicateNonce: true
        case .workflow, .anchorKeyExists, .anchorMalformed, .keyChangeRefused, .governance: false
        }
    }
}

/// Replicas re-execute a proposal before voting for it (`ExecutedProposalValidator`): the
/// block runs on a copy of the parent state, and its transactions root, receipts root and state
/// hash must be the header's, every client signature must verify with its sender's key in
/// force, and no transaction may be expired, out of its window or reuse a nonce.
extension Node {
    /// The most executed proposals kept for their commit.
    static let proposalExecutionsMax = 8
    /// The most verified signatures remembered outside the mempool.
    static let verifiedSignaturesMax = 65_536

    /// Executes `block` on a copy of the committed state if it extends the tip and has no
    /// recorded verdict yet, and records the verdict for the consensus core. Returns the
    /// verdict: nil if the block may extend the tip, else why not. A block that does not extend
    /// the tip is not executed (the core refuses it on its own).
    @discardableResult
    public func checkProposal(_ block: Block) -> String? {
        let suite = genesis.suite
        let hash = block.header.hash(suite)
        if let verdict = proposalValidator.verdict(blockHash: hash) { return verdict }
        guard block.header.height == tip.height + 1, block.header.previousHash == tip.hash else { return "does not extend the tip" }
        let problem = proposalProblem(block, hash: hash)
        proposalValidator.record(blockHash: hash, problem: problem)
        return problem
    }

    private func proposalProblem(_ block: Block, hash: [UInt8]) -> String? {
        let header = block.header
        let suite = genesis.suite
        guard block.transactions.count <= genesis.consensus.transactionsPerBlockMax else {
            return "\(block.transactions.count) transactions, more than \(genesis.consensus.transactionsPerBlockMax)"
        }
        guard Block.transactionsRoot(block.transactions, suite: suite) == header.transactionsRoot else { return "transactions root differs" }
        var next = state
        let execution = executeVerified(block.transactions, height: header.height, timeMs: header.timestampMs, state: &next)
        for receipt in execution.receipts {
            if case .failure(let reason) = receipt.outcome, reason.invalidatesBlock {
                return "transaction \(receipt.index) (\(Hex.encode(receipt.transactionHash))): \(reason.message(.english))"
            }
        }
        guard MerkleTree.root(execution.receipts.map(\.canonicalBytes), hash: suite.hash) == header.receiptsRoot else {
            return "receipts root differs from this replica's execution"
        }
        guard execution.stateHash == header.stateHash else { return "state hash differs from this replica's execution" }
        keep(ProposalExecution(blockHash: hash, next: next, execution: execution))
        return nil
    }

    /// Keeps an executed block (valid by this node's execution) for its commit.
    func keep(_ executed: ProposalExecution) {
        guard !proposalExecutions.contains(where: { $0.blockHash == executed.blockHash }) else { return }
        if proposalExecutions.count >= Self.proposalExecutionsMax { proposalExecutions.removeFirst() }
        proposalExecutions.append(executed)
    }

    /// The kept execution of the block with this hash, if it extends the current tip.
    func keptExecution(blockHash: [UInt8], previousHash: [UInt8]) -> ProposalExecution? {
        guard previousHash == tip.hash else { return nil }
        return proposalExecutions.first { $0.blockHash == blockHash }
    }

    /// Forgets kept executions and remembered signatures once a block commits.
    func forgetProposals(committedHashes: Set<[UInt8]>) {
        proposalExecutions = []
        for hash in committedHashes { verifiedSignatures[hash] = nil }
        if verifiedSignatures.count > Self.verifiedSignaturesMax { verifiedSignatures = [:] }
    }

    /// Executes `transactions` at `height` on `state`. Each signature is verified once per
    /// node: one this node already verified (admitted to its mempool, or in an earlier
    /// proposal) with the same signature bytes and the key in force is not verified again; the
    /// others are verified in parallel.
    ///
    /// `trustingCertificate`: the transactions are those of a block whose commit certificate
    /// (2f+1 validators) was verified. Every honest validator executed it before voting and
    /// refuses a block with a signature that does not verify, so the signatures are not
    /// verified again: a signature counts as valid when its sender has a key in force. (Should
    /// more than f validators certify a forged one, the receipts differ from the header and the
    /// node stops with the height named.) This is what makes catch-up and rebuilding fast.
    func executeVerified(_ transactions: [Transaction], height: Int64, timeMs: Int64, state: inout ExecutionState,
                         trustingCertificate: Bool = false) -> BlockExecution {
        let suite = genesis.suite
        let hashes = transactions.map { $0.hash(suite) }
        let keys = executor.signingKeys(for: transactions, at: height, state: state)
        if trustingCertificate {
            return executor.execute(transactions, hashes: hashes, signatureValid: keys.map { $0 != nil }, height: height, timeMs: timeMs,
                                    previousStateHash: tip.stateHash, state: &state)
        }
        var admitted: [[UInt8]: Mempool.Entry] = [:]
        if !transactions.isEmpty {
            for entry in mempool.peek(limit: mempool.count) { admitted[entry.hash] = entry }
        }
        var valid = [Bool](repeating: false, count: transactions.count)
        var unverified: [Int] = []
        for index in transactions.indices {
            guard let key = keys[index] else { continue }
            let signature = transactions[index].signature
            // The hash covers the body only: the signature bytes must be the ones verified.
            if let entry = admitted[hashes[index]], entry.transaction.signature == signature, entry.verifiedWith == key {
                valid[index] = true
            } else if let known = verifiedSignatures[hashes[index]], known.signature == signature, known.key == key {
                valid[index] = true
            } else {
                unverified.append(index)
            }
        }
        let verified = Self.verifyInParallel(unverified.map { (transactions[$0], keys[$0]!) }, suite: suite)
        for (position, index) in unverified.enumerated() where verified[position] {
            valid[index] = true
            verifiedSignatures[hashes[index]] = (transactions[index].signature, keys[index]!)
        }
        return executor.execute(transactions, hashes: hashes, signatureValid: valid, height: height, timeMs: timeMs,
                                previousStateHash: tip.stateHash, state: &state)
    }

    /// Whether each transaction's signature verifies with its key, using every core.
    static func verifyInParallel(_ items: [(transaction: Transaction, key: PublicKey)], suite: any CryptoSuite) -> [Bool] {
        guard !items.isEmpty else { return [] }
        var results = [Bool](repeating: false, count: items.count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: items.count) { index in
                let item = items[index]
                output[index] = suite.verify(signature: item.transaction.signature, of: item.transaction.body.canonicalBytes, by: item.key)
            }
        }
        return results
    }
}
