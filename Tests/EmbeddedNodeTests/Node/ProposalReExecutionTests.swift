import Canonical
@testable import EmbeddedNode
import Foundation
import NodeTestSupport
import Testing

/// A replica re-executes a proposal before it prepares it: an honest primary's block is
/// prepared and its commit stores the replica's own execution; a block whose state hash is not
/// the replica's, one carrying a forged client signature (even when the replica holds the
/// genuine transaction in its mempool) and one reusing a nonce are refused by the core.
@Suite struct ProposalReExecutionTests {
    /// Four validators, the primary of height 1 view 0, and one other validator as the replica.
    struct Setup {
        let chain: TestNetworkChain
        let primaryID: String
        let replicaID: String
        let scores: CreditScoreTable
        let clock = ManualClock(startMs: TestChain.genesisTimeMs + 1000)

        init() throws {
            chain = try TestNetworkChain()
            scores = try CreditScoreTable(validatorIDs: chain.genesis.validatorIDs, settings: CreditScoreSettings())
            let primary = PrimarySelection.explain(table: scores, genesisHash: chain.genesis.hash, height: 1, view: 0,
                                                   faultsTolerated: 1, hash: chain.genesis.suite.hash).primaryID
            primaryID = primary
            replicaID = chain.genesis.validatorIDs.first { $0 != primary }!
        }

        func node(_ id: String, at directory: URL) throws -> Node {
            let clock = clock
            return try Node(genesis: chain.genesis, dataDirectory: directory, validator: (id, chain.chain.keys[id]!), nowMs: { clock.nowMs })
        }

        var template: ProposalTemplate {
            ProposalTemplate(height: 1, view: 0, previousHash: chain.genesis.hash, proposerID: primaryID, failedViewPrimaries: [],
                             creditScoreTableHash: scores.hash(chain.genesis.suite.hash), previousCommitCertificate: nil,
                             timestampMsMin: chain.genesis.genesisTimeMs + 1)
        }

        /// A block of `transactions` at height 1 whose header agrees with executing them on the
        /// genesis state with these signature verdicts (what a dishonest primary computes).
        func block(_ transactions: [Transaction], signatureValid: [Bool]) throws -> Block {
            let genesis = chain.genesis
            var state = ExecutionState(workflow: try genesis.initialWorkflowState(), readCommitted: { _ in nil }, listCommitted: { _ in [] })
            let timeMs = clock.nowMs
            let execution = BlockExecutor(genesis: genesis).execute(
                transactions, hashes: transactions.map { $0.hash(genesis.suite) }, signatureValid: signatureValid, height: 1, timeMs: timeMs,
                previousStateHash: genesis.hash, state: &state)
            let header = BlockHeader(
                chainID: genesis.chainID, height: 1, previousHash: genesis.hash, timestampMs: timeMs, proposerID: primaryID, view: 0,
                transactionsRoot: Block.transactionsRoot(transactions, suite: genesis.suite),
                receiptsRoot: MerkleTree.root(execution.receipts.map(\.canonicalBytes), hash: genesis.suite.hash),
                stateHash: execution.stateHash, validatorSetHash: genesis.initialValidatorSet.hash(genesis.suite.hash),
                creditScoreTableHash: scores.hash(genesis.suite.hash), failedViewPrimaries: [], previousCommitCertificate: nil)
            return Block(header: header, transactions: transactions)
        }

        /// Whether the replica's core, with `replica`'s validator, signs a prepare for `block`
        /// proposed by the primary, after the replica executed it as the driver has it do.
        func prepares(_ block: Block, on replica: Node) async throws -> (prepared: Bool, problem: String?) {
            let genesis = chain.genesis
            let problem = await replica.checkProposal(block)
            var configuration = ConsensusConfiguration(chainID: genesis.chainID, genesisHash: genesis.hash, validatorIDs: genesis.validatorIDs,
                                                       scoreSettings: CreditScoreSettings(), hash: genesis.suite.hash)
            configuration.proposalValidator = replica.proposalValidator
            var keys: [String: PublicKey] = [:]
            for id in genesis.validatorIDs { keys[id] = chain.chain.keys[id]!.publicKey }
            var core = ConsensusCore(configuration: configuration, signer: SigningKeyConsensusSigner(validatorID: replicaID, key: chain.chain.keys[replicaID]!),
                                     verifier: SuiteConsensusVerifier(suite: genesis.suite, publicKeys: keys),
                                     tip: ChainTip(height: 0, blockHash: genesis.hash, certificate: nil, scores: scores, timestampMs: genesis.genesisTimeMs))
            _ = core.step(.start)
            _ = core.step(.clock(nowMs: clock.nowMs))
            let payload = Proposal.payload(chainID: genesis.chainID, height: 1, view: 0, blockHash: block.header.hash(genesis.suite))
            let proposal = Proposal(view: 0, block: block, proposerID: primaryID, signature: try chain.chain.keys[primaryID]!.sign(payload))
            let actions = core.step(.message(from: primaryID, .proposal(proposal)))
            let prepared = actions.contains {
                if case .persist(let state, _) = $0 { state.signedRecords.contains { $0.kind == .prepare } } else { false }
            }
            return (prepared, problem)
        }

        /// Commit signatures of three validators over `block`.
        func certificate(for block: Block) throws -> CommitCertificate {
            let hash = block.header.hash(chain.genesis.suite)
            let payload = VotePayload(chainID: chain.genesis.chainID, height: 1, view: 0, phase: .commit, blockHash: hash)
            let signatures = try chain.genesis.validatorIDs.prefix(3).map {
                ValidatorSignature(validatorID: $0, signature: try chain.chain.keys[$0]!.sign(payload.canonicalBytes))
            }
            return CommitCertificate(height: 1, view: 0, blockHash: hash, signatures: signatures)
        }
    }

    @Test func anHonestProposalIsPreparedAndItsExecutionIsWhatCommits() async throws {
        let setup = try Setup()
        let directory = TestChain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let primary = try setup.node(setup.primaryID, at: directory.appendingPathComponent("primary"))
        let replica = try setup.node(setup.replicaID, at: directory.appendingPathComponent("replica"))
        // Submitted to the primary only: the replica verifies the signature itself.
        for nonce in 1...3 { _ = try await primary.submit(try setup.chain.chain.transaction(.pressureAdd, from: "county-hq", nonce: UInt64(nonce)).canonicalBytes) }
        let block = await primary.proposalBlock(for: setup.template)
        #expect(block.transactions.count == 3)
        let verdict = try await setup.prepares(block, on: replica)
        #expect(verdict.prepared && verdict.problem == nil, "\(verdict)")
        let committed = try await replica.commitCertified(block, certificate: try setup.certificate(for: block))
        let tip = await replica.chainTip
        #expect(tip.height == 1 && tip.stateHash == block.header.stateHash && committed.receipts.count == 3)
        await primary.close()
        await replica.close()
    }

    @Test func aBlockWithAnotherStateHashIsNotPrepared() async throws {
        let setup = try Setup()
        let directory = TestChain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let replica = try setup.node(setup.replicaID, at: directory)
        let transaction = try setup.chain.chain.transaction(.pressureAdd, from: "county-hq", nonce: 1)
        let honest = try setup.block([transaction], signatureValid: [true])
        let h = honest.header
        let wrong = Block(header: BlockHeader(
            chainID: h.chainID, height: 1, previousHash: h.previousHash, timestampMs: h.timestampMs, proposerID: h.proposerID, view: 0,
            transactionsRoot: h.transactionsRoot, receiptsRoot: h.receiptsRoot, stateHash: setup.chain.genesis.suite.hash(Array("other".utf8)),
            validatorSetHash: h.validatorSetHash, creditScoreTableHash: h.creditScoreTableHash, failedViewPrimaries: [],
            previousCommitCertificate: nil), transactions: [transaction])
        let refused = try await setup.prepares(wrong, on: replica)
        #expect(!refused.prepared)
        #expect(refused.problem?.contains("state hash") == true, "\(refused)")
        // The same transactions with the right state hash are prepared.
        let accepted = try await setup.prepares(honest, on: replica)
        #expect(accepted.prepared && accepted.problem == nil, "\(accepted)")
        await replica.close()
    }

    @Test func aForgedClientSignatureIsNotPreparedEvenBesideTheGenuineTransaction() async throws {
        let setup = try Setup()
        let directory = TestChain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let replica = try setup.node(setup.replicaID, at: directory)
        let genuine = try setup.chain.chain.transaction(.pressureAdd, from: "county-hq", nonce: 1)
        _ = try await replica.submit(genuine.canonicalBytes)
        var signature = genuine.signature
        signature[5] ^= 0x01
        let forged = Transaction(body: genuine.body, signature: signature)
        #expect(forged.hash(setup.chain.genesis.suite) == genuine.hash(setup.chain.genesis.suite), "the hash covers the body only")
        // The primary computed every root for a block in which the forged signature fails.
        let block = try setup.block([forged], signatureValid: [false])
        let refused = try await setup.prepares(block, on: replica)
        #expect(!refused.prepared)
        #expect(refused.problem?.contains("transaction 0") == true, "\(refused)")
        // Nor a block that counts the forged signature as valid (the replica holds the genuine
        // transaction, whose hash is the same, but not these signature bytes).
        let counted = try await setup.prepares(try setup.block([forged], signatureValid: [true]), on: replica)
        #expect(!counted.prepared)
        #expect(counted.problem?.contains("transaction 0") == true, "\(counted)")
        await replica.close()
    }

    @Test func aReusedNonceIsNotPrepared() async throws {
        let setup = try Setup()
        let directory = TestChain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let replica = try setup.node(setup.replicaID, at: directory)
        let first = try setup.chain.chain.transaction(.pressureAdd, from: "county-hq", nonce: 7)
        let again = try setup.chain.chain.transaction(.pressureAdd, from: "county-hq", nonce: 7, expiryHeight: 90)
        let refused = try await setup.prepares(try setup.block([first, again], signatureValid: [true, true]), on: replica)
        #expect(!refused.prepared)
        #expect(refused.problem?.contains("transaction 1") == true, "\(refused)")
        await replica.close()
    }
}
