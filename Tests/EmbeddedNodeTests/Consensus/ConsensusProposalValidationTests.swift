@testable import EmbeddedNode
import Testing

/// A proposal check with a fixed verdict that records the parent it was shown.
private struct FixedVerdictValidator: ProposalValidator {
    let verdict: String?
    func problem(with block: Block, parent: ChainTip) -> String? {
        precondition(block.header.previousHash == parent.blockHash, "shown the block's own parent")
        return verdict
    }
}

extension ConsensusTests {
    /// Whether a replica prepares a proposal depends only on the block, its parent and the
    /// replica's clock: timestamps must follow the parent's and lie within the tolerance of the
    /// clock, and the application's `ProposalValidator` has the last word.
    @Suite struct ConsensusProposalValidationTests {
        /// A replica (not the primary) of height 1 and a proposal of the view-0 primary whose
        /// block carries `timestampMs`.
        struct Setup {
            var configuration: ConsensusConfiguration
            let replicaID: String
            let parent: ChainTip
            let proposal: Proposal

            init(timestampMs: Int64) throws {
                let cluster = try ScriptedCluster(validatorCount: 4, silencing: 0)
                configuration = cluster.simulator.configuration
                parent = cluster.simulator.tip(of: 0)
                let primaryID = PrimarySelection.explain(
                    table: parent.scores, genesisHash: configuration.genesisHash, height: 1, view: 0,
                    faultsTolerated: configuration.faultsTolerated, hash: configuration.hash).primaryID
                replicaID = configuration.validatorIDs.first { $0 != primaryID }!
                let root = configuration.hash(Array("batch".utf8))
                let header = BlockHeader(
                    chainID: configuration.chainID, height: 1, previousHash: parent.blockHash, timestampMs: timestampMs,
                    proposerID: primaryID, view: 0, transactionsRoot: ConsensusSimulator.transactionsRoot([]), receiptsRoot: root, stateHash: root,
                    validatorSetHash: parent.validators!.hash(configuration.hash), creditScoreTableHash: parent.scores.hash(configuration.hash),
                    failedViewPrimaries: [], previousCommitCertificate: nil)
                let block = Block(header: header, transactions: [])
                let payload = Proposal.payload(chainID: configuration.chainID, height: 1, view: 0,
                                               blockHash: configuration.hash(header.canonicalBytes))
                proposal = Proposal(view: 0, block: block, proposerID: primaryID,
                                    signature: StandInSigner(validatorID: primaryID).sign(payload))
            }

            /// Whether the replica, its clock at `clockMs` (nil: never fed), prepares the proposal.
            func prepares(clockMs: Int64?) -> Bool {
                var core = ConsensusCore(configuration: configuration, signer: StandInSigner(validatorID: replicaID),
                                         verifier: StandInVerifier(), tip: parent)
                _ = core.step(.start)
                if let clockMs { _ = core.step(.clock(nowMs: clockMs)) }
                let actions = core.step(.message(from: proposal.proposerID, .proposal(proposal)))
                let prepared = actions.contains {
                    if case .persist(let state, _) = $0 { state.signedRecords.contains { $0.kind == .prepare } } else { false }
                }
                precondition(prepared || core.counters.messagesRejected == 1, "a refusal is counted")
                return prepared
            }
        }

        static let epochMs = ConsensusSimulator.epochMs

        @Test func aBlockMustBeLaterThanItsParent() throws {
            #expect(try Setup(timestampMs: Self.epochMs).prepares(clockMs: nil) == false)
            #expect(try Setup(timestampMs: Self.epochMs - 5).prepares(clockMs: nil) == false)
            #expect(try Setup(timestampMs: Self.epochMs + 1).prepares(clockMs: nil) == true)
        }

        @Test func aFreshBlockMustLieWithinTheToleranceOfTheReplicaClock() throws {
            let clockMs = Self.epochMs + 60_000
            let tolerance = try Setup(timestampMs: clockMs).configuration.timestampToleranceMs
            #expect(tolerance > 0)
            #expect(try Setup(timestampMs: clockMs + tolerance).prepares(clockMs: clockMs) == true)
            #expect(try Setup(timestampMs: clockMs + tolerance + 1).prepares(clockMs: clockMs) == false)
            #expect(try Setup(timestampMs: clockMs - tolerance).prepares(clockMs: clockMs) == true)
            #expect(try Setup(timestampMs: clockMs - tolerance - 1).prepares(clockMs: clockMs) == false)
            // Before any clock reading only the parent bound applies.
            #expect(try Setup(timestampMs: clockMs + tolerance + 1).prepares(clockMs: nil) == true)
        }

        @Test func theApplicationValidatorDecidesLast() throws {
            var setup = try Setup(timestampMs: Self.epochMs + 1)
            setup.configuration.proposalValidator = FixedVerdictValidator(verdict: nil)
            #expect(setup.prepares(clockMs: nil) == true)
            setup.configuration.proposalValidator = FixedVerdictValidator(verdict: "state hash differs")
            #expect(setup.prepares(clockMs: nil) == false)
        }

        @Test func aPrimaryIsAskedForATimestampAfterTheParent() throws {
            let cluster = try ScriptedCluster(validatorCount: 4, silencing: 0)
            let parent = cluster.simulator.tip(of: 0)
            let primaryIndex = try #require(cluster.withheldBatches.first)
            var core = ConsensusCore(configuration: cluster.simulator.configuration,
                                     signer: StandInSigner(validatorID: cluster.ids[primaryIndex]),
                                     verifier: StandInVerifier(), tip: parent)
            let actions = core.step(.start)
            guard case .requestBatch(let template) = actions.last else { Issue.record("no batch request: \(actions)"); return }
            #expect(template.timestampMsMin == parent.timestampMs + 1)
        }
    }
}
