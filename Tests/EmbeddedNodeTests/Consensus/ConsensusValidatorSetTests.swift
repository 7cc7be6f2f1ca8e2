import Canonical
@testable import EmbeddedNode
import Testing

extension ConsensusTests {
    /// The core follows the validator set in force: a set scheduled by governance applies from
    /// its height (quorum, score table, who may sign), certificates verify against the set of
    /// their height, and a replica outside the set signs nothing. The simulator runs a join and
    /// a removal mid-run.
    @Suite struct ConsensusValidatorSetTests {
        static let settings = CreditScoreSettings()
        static let hash: @Sendable ([UInt8]) -> [UInt8] = { SHA256Digest.hash($0) }

        static func set(_ ids: [String]) -> ValidatorSet {
            ValidatorSet(members: ids.map { ValidatorMember(validatorID: $0, signingKey: Array($0.utf8)) })
        }

        static func configuration(_ ids: [String]) -> ConsensusConfiguration {
            ConsensusConfiguration(chainID: "set-chain", genesisHash: hash(Array("genesis".utf8)), validatorIDs: ids,
                                   scoreSettings: settings, hash: hash)
        }

        /// A core for `replica` at height 0 with `initial` in force.
        static func core(_ replica: String, initial: [String]) throws -> ConsensusCore {
            let configuration = configuration(initial)
            let tip = ChainTip(height: 0, blockHash: configuration.genesisHash, certificate: nil,
                               scores: try CreditScoreTable(validatorIDs: initial, settings: settings), timestampMs: 1_000,
                               validators: set(initial), tipValidators: set(initial))
            return ConsensusCore(configuration: configuration, signer: StandInSigner(validatorID: replica), verifier: StandInVerifier(), tip: tip)
        }

        /// The decided block extending `core`'s tip, certified by `signers`.
        static func decided(on core: ConsensusCore, signers: [String], proposer: String) -> DecidedBlock {
            let tip = core.tip
            let root = hash(Array("batch-\(tip.height + 1)".utf8))
            let header = BlockHeader(chainID: "set-chain", height: tip.height + 1, previousHash: tip.blockHash, timestampMs: tip.timestampMs + 1,
                                     proposerID: proposer, view: 0, transactionsRoot: root, receiptsRoot: root, stateHash: root,
                                     validatorSetHash: tip.validators!.hash(hash), creditScoreTableHash: tip.scores.hash(hash),
                                     failedViewPrimaries: [], previousCommitCertificate: tip.certificate)
            let block = Block(header: header, transactions: [])
            let blockHash = hash(header.canonicalBytes)
            let payload = VotePayload(chainID: "set-chain", height: header.height, view: 0, phase: .commit, blockHash: blockHash).canonicalBytes
            let certificate = CommitCertificate(height: header.height, view: 0, blockHash: blockHash, signatures: signers.map {
                ValidatorSignature(validatorID: $0, signature: StandInSigner.signature($0, payload))
            })
            return DecidedBlock(block: block, certificate: certificate)
        }

        @Test func aScheduledSetAppliesFromItsHeightWithItsQuorumAndScores() throws {
            let initial = ["a", "b", "c", "d"]
            let grown = ["a", "b", "c", "d", "e", "f", "g"]
            var core = try Self.core("a", initial: initial)
            _ = core.step(.validatorSetScheduled(fromHeight: 2, validators: Self.set(grown)))
            _ = core.step(.message(from: "b", .decided(Self.decided(on: core, signers: ["b", "c", "d"], proposer: "b"))))
            #expect(core.tip.height == 1 && core.tip.validators == Self.set(grown) && core.tip.tipValidators == Self.set(initial))
            #expect(core.tip.scores.validatorIDs == grown)
            #expect(core.tip.scores.score(of: "e") == Self.settings.initialScore)
            #expect(core.tip.scores.score(of: "b") == Self.settings.updated(Self.settings.initialScore, committed: true))
            // Seven validators: quorum 5. Three signers no longer certify; five of the new set do.
            let short = Self.decided(on: core, signers: ["b", "c", "d"], proposer: "b")
            _ = core.step(.message(from: "b", .decided(short)))
            #expect(core.tip.height == 1 && core.counters.messagesRejected == 1)
            _ = core.step(.message(from: "b", .decided(Self.decided(on: core, signers: ["b", "c", "e", "f", "g"], proposer: "b"))))
            #expect(core.tip.height == 2)
        }

        @Test func aRemovedValidatorsSignatureCertifiesNothingAfterItsRemoval() throws {
            let initial = ["a", "b", "c", "d", "e"]
            var core = try Self.core("a", initial: initial)
            _ = core.step(.validatorSetScheduled(fromHeight: 2, validators: Self.set(["a", "b", "c", "d"])))
            // At height 1 "e" is still in force (five validators, quorum 4) and its signature counts.
            _ = core.step(.message(from: "b", .decided(Self.decided(on: core, signers: ["b", "c", "d", "e"], proposer: "e"))))
            #expect(core.tip.height == 1 && core.tip.scores.validatorIDs == ["a", "b", "c", "d"])
            // At height 2 it no longer is: the same three-signer form is refused, naming "e".
            let withRemoved = Self.decided(on: core, signers: ["b", "c", "e"], proposer: "b")
            let copy = core
            #expect(throws: ConsensusRejection.unknownValidator("e")) {
                try copy.validateCommitCertificate(withRemoved.certificate, height: 2, blockHash: withRemoved.certificate.blockHash)
            }
            _ = core.step(.message(from: "b", .decided(withRemoved)))
            #expect(core.tip.height == 1)
            // The tip's own certificate (height 1) still verifies with the set of height 1.
            let tipCertificate = core.tip.certificate!
            #expect(throws: Never.self) { try core.validateCommitCertificate(tipCertificate, height: 1, blockHash: tipCertificate.blockHash) }
            _ = core.step(.message(from: "b", .decided(Self.decided(on: core, signers: ["b", "c", "d"], proposer: "b"))))
            #expect(core.tip.height == 2)
        }

        @Test func aReplicaOutsideTheSetFollowsWithoutSigning() throws {
            var core = try Self.core("e", initial: ["a", "b", "c", "d"])
            var actions = core.step(.start)
            for _ in 0..<200 { actions += core.step(.tick) }
            let signed = actions.filter {
                switch $0 {
                case .persist, .broadcast, .send, .requestBatch: true
                default: false
                }
            }
            #expect(signed.isEmpty && core.hardState.view > 0)
            // It still follows decided blocks, and votes once a set lists it.
            _ = core.step(.validatorSetScheduled(fromHeight: 2, validators: Self.set(["a", "b", "c", "d", "e"])))
            _ = core.step(.message(from: "a", .decided(Self.decided(on: core, signers: ["a", "b", "c"], proposer: "a"))))
            #expect(core.tip.height == 1 && core.isMember)
        }

        @Test func aProposalNamingAnotherSetIsRefused() throws {
            let core = try Self.core("a", initial: ["a", "b", "c", "d"])
            let explanation = PrimarySelection.explain(table: core.tip.scores, genesisHash: core.configuration.genesisHash, height: 1, view: 0,
                                                       faultsTolerated: 1, hash: Self.hash)
            let good = Self.decided(on: core, signers: [], proposer: explanation.primaryID).block
            #expect(throws: Never.self) { try core.validateBlock(good, proposalView: 0) }
            let header = good.header
            let other = BlockHeader(chainID: header.chainID, height: 1, previousHash: header.previousHash, timestampMs: header.timestampMs,
                                    proposerID: header.proposerID, view: 0, transactionsRoot: header.transactionsRoot,
                                    receiptsRoot: header.receiptsRoot, stateHash: header.stateHash,
                                    validatorSetHash: Self.set(["a", "b", "c", "e"]).hash(Self.hash),
                                    creditScoreTableHash: header.creditScoreTableHash, failedViewPrimaries: [], previousCommitCertificate: nil)
            #expect(throws: ConsensusRejection.invalidBlock("validator set hash is not the set in force")) {
                try core.validateBlock(Block(header: other, transactions: []), proposalView: 0)
            }
        }

        /// Seeds divisible by 3 run a join (a quarter of the way) and a removal (half way).
        @Test(arguments: [(UInt64(3), 4), (UInt64(6), 4), (UInt64(9), 7)])
        func theSimulatorRunsAJoinAndARemovalWithEveryCheckPassing(seed: UInt64, validatorCount: Int) async throws {
            var settings = SimulationSettings()
            settings.validatorCount = validatorCount
            settings.byzantine = SimulationSettings.mixedByzantine(count: (validatorCount - 1) / 3, seed: seed)
            var simulator = try ConsensusSimulator(seed: seed, settings: settings)
            #expect(simulator.replicas.count == validatorCount + 1)
            await simulator.run(yieldEvery: 200) { await Task.yield() }
            #expect(simulator.violations.isEmpty, "seed \(seed): \(simulator.violations)")
            #expect(simulator.counters.validatorSetChangesLearned >= 2 * (validatorCount + 1))
            let spare = simulator.replicas[validatorCount]
            #expect(Int64(spare.committed.count) >= settings.heightsTarget)
            // The spare signed certificates while it was a member; the removed validator none after.
            let removedID = "validator-\(validatorCount - 1)"
            let joinedFrom = settings.heightsTarget / 4 + 2
            let leftFrom = settings.heightsTarget / 2 + 2
            let certificates = spare.committed.map(\.certificate)
            #expect(certificates[Int(joinedFrom)...].contains { $0.signatures.contains { $0.validatorID == spare.validatorID } })
            #expect(certificates[Int(leftFrom - 1)...].allSatisfy { !$0.signatures.contains { $0.validatorID == removedID } })
            #expect(spare.committed.last!.scores.validatorIDs.contains(spare.validatorID))
            #expect(!spare.committed.last!.scores.validatorIDs.contains(removedID))
        }
    }
}
