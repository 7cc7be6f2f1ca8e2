@testable import EmbeddedNode
import Testing

extension ConsensusTests {
    /// Simulated clients and the censorship indicator in whole-cluster runs under the default
    /// faults: every honest client's transaction commits (within f+2 view timeouts when the
    /// network is stable), forged ones never do, a censoring primary gets charged, and a framing
    /// primary never gets an honest one charged.
    @Suite struct ConsensusClientsTests {
        static func run(_ byzantine: [ByzantineBehaviour], validatorCount: Int = 4, seeds: ClosedRange<UInt64>,
                        heights: Int64 = 200) async throws -> SimulationCounters {
            var settings = SimulationSettings()
            settings.validatorCount = validatorCount
            settings.heightsTarget = heights
            settings.byzantine = byzantine
            var totals = SimulationCounters()
            for seed in seeds {
                var simulator = try ConsensusSimulator(seed: seed, settings: settings)
                await simulator.run(yieldEvery: 200) { await Task.yield() }
                #expect(simulator.violations.isEmpty, "\(byzantine) seed \(seed): \(simulator.violations)")
                #expect(simulator.counters.clients.committed == simulator.counters.clients.submitted, "seed \(seed)")
                totals.addAll(simulator.counters)
            }
            print("CBFT clients \(byzantine) n=\(validatorCount): \(totals.clients)")
            return totals
        }

        @Test func honestClientsTransactionsCommitAndForgedOnesNever() async throws {
            let totals = try await Self.run([.silentPrimary], seeds: 1...3)
            #expect(totals.clients.submitted > 0 && totals.clients.committed == totals.clients.submitted)
            #expect(totals.clients.committedWithinDeadline > 0, "the liveness deadline was checked")
            #expect(totals.clients.forgedSubmitted > 0)
            #expect(totals.clients.fullBlocks > 0, "bursts fill blocks")
        }

        @Test func aCensoringPrimaryIsCharged() async throws {
            let totals = try await Self.run([.censoringPrimary], seeds: 1...4)
            #expect(totals.clients.censoredBlocks > 0)
            #expect(totals.clients.censorsCharged > 0)
            #expect(totals.clients.censorshipCharges == totals.clients.censorsCharged, "only the censor is charged")
        }

        @Test func aFramingPrimaryGetsNobodyCharged() async throws {
            let totals = try await Self.run([.framingPrimary], seeds: 1...4)
            #expect(totals.clients.framingAttempts > 0 && totals.clients.forgedProposed > 0)
            #expect(totals.clients.censorshipCharges == 0)
        }

        @Test func sevenValidatorsWithACensorAndAFramer() async throws {
            let totals = try await Self.run([.censoringPrimary, .framingPrimary], validatorCount: 7, seeds: 1...2)
            #expect(totals.clients.framingAttempts > 0 && totals.clients.censoredBlocks > 0)
            #expect(totals.clients.censorshipCharges == totals.clients.censorsCharged)
        }

        /// On a network without drops, duplicates, partitions or crashes (clocks still skewed),
        /// every honest transaction submitted with room in the next block commits within f+2
        /// view timeouts of views 0...f+1, with a silent and a censoring primary.
        @Test(arguments: [(4, [ByzantineBehaviour.censoringPrimary]), (7, [.silentPrimary, .censoringPrimary])])
        func onAStableNetworkTransactionsCommitWithinTheTightDeadline(validatorCount: Int, byzantine: [ByzantineBehaviour]) async throws {
            var settings = SimulationSettings.stableNetwork
            settings.validatorCount = validatorCount
            settings.byzantine = byzantine
            for seed in UInt64(1)...3 {
                var simulator = try ConsensusSimulator(seed: seed, settings: settings)
                await simulator.run(yieldEvery: 200) { await Task.yield() }
                let clients = simulator.counters.clients
                print("CBFT stable n=\(validatorCount) seed \(seed): \(clients) tight deadline \(simulator.tightLivenessDeadlineTicks)")
                #expect(simulator.violations.isEmpty, "seed \(seed): \(simulator.violations)")
                #expect(clients.committedWithinDeadline > 0)
                #expect(clients.checkedLatencyTicksMax <= simulator.tightLivenessDeadlineTicks, "seed \(seed)")
            }
        }

        /// The stateless block check refuses a forged transaction, a wrong root and an oversized batch.
        @Test func theProposalCheckRefusesForgedTransactions() throws {
            var simulator = try ConsensusSimulator(seed: 1, settings: SimulationSettings(), started: false)
            let signed = simulator.signedTransaction(senderID: "client-0", timestampMs: 0)
            let forged = Transaction(body: signed.body, signature: [0])
            let validator = SimulatedTransactionValidator(transactionsPerBlockMax: 2)
            let tip = simulator.tip(of: 0)
            func block(_ transactions: [Transaction], root: [UInt8]? = nil) -> Block {
                let template = ProposalTemplate(height: 1, view: 0, previousHash: tip.blockHash, proposerID: "validator-0",
                                                failedViewPrimaries: [], creditScoreTableHash: [], previousCommitCertificate: nil,
                                                timestampMsMin: 0)
                let packed = simulator.packBlock(template, salt: 0, transactions: transactions)
                guard let root else { return packed }
                let header = packed.header
                return Block(header: BlockHeader(
                    chainID: header.chainID, height: 1, previousHash: header.previousHash, timestampMs: header.timestampMs,
                    proposerID: header.proposerID, view: 0, transactionsRoot: root, receiptsRoot: root, stateHash: root,
                    validatorSetHash: root, creditScoreTableHash: root, failedViewPrimaries: [], previousCommitCertificate: nil),
                    transactions: transactions)
            }
            #expect(validator.problem(with: block([signed]), parent: tip) == nil)
            #expect(validator.problem(with: block([signed, forged]), parent: tip) == "transaction 1 is not signed by its client")
            #expect(validator.problem(with: block([signed], root: [1]), parent: tip) == "transactions root")
            #expect(validator.problem(with: block([signed, signed, signed]), parent: tip) != nil)
        }
    }
}
