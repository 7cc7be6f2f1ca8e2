import Canonical
@testable import EmbeddedNode
import Testing

/// A scripted cluster: persists instantly, packs batches instantly, and delivers only when
/// the test says so (optionally dropping), so each scenario controls the message flow.
struct ScriptedCluster {
    var simulator: ConsensusSimulator
    var inFlight: [(from: Int, to: Int, message: ConsensusMessage)] = []
    var withheldBatches: Set<Int> = []

    init(validatorCount: Int) throws {
        var settings = SimulationSettings()
        settings.validatorCount = validatorCount
        settings.byzantine = []
        simulator = try ConsensusSimulator(seed: 1, settings: settings, started: false)
        for index in simulator.replicas.indices { step(index, .start) }
    }

    var ids: [String] { simulator.configuration.validatorIDs }
    func core(_ index: Int) -> ConsensusCore { simulator.replicas[index].core! }
    func index(of id: String) -> Int { ids.firstIndex(of: id)! }

    mutating func step(_ index: Int, _ input: ConsensusInput) {
        guard var core = simulator.replicas[index].core else { return }
        let actions = core.step(input)
        simulator.replicas[index].core = core
        for action in actions { perform(index, action) }
    }

    mutating func perform(_ index: Int, _ action: ConsensusAction) {
        switch action {
        case .persist(let state, let sequence):
            simulator.replicas[index].durableHardState = state
            step(index, .persisted(sequence: sequence))
        case .broadcast(let message):
            for target in simulator.replicas.indices where target != index { inFlight.append((index, target, message)) }
        case .send(let message, let to):
            inFlight.append((index, self.index(of: to), message))
        case .sendDecided, .armViewTimer:
            break
        case .requestBatch(let template):
            if !withheldBatches.contains(index) { step(index, .batchReady(simulator.packBlock(template, salt: 0))) }
        case .commit(let block, let certificate, let scores):
            simulator.recordCommit(index, block: block, certificate: certificate, scores: scores)
        }
    }

    /// Delivers until quiet, dropping what `drop` selects; bounded.
    mutating func deliverAll(drop: (ConsensusMessage) -> Bool = { _ in false }) {
        var rounds = 0
        while !inFlight.isEmpty && rounds < 10_000 {
            rounds += 1
            let (from, to, message) = inFlight.removeFirst()
            if drop(message) { continue }
            step(to, .message(from: ids[from], message))
        }
    }

    mutating func tickAll(_ count: Int) {
        for _ in 0..<count { for index in simulator.replicas.indices { step(index, .tick) } }
    }

    func committedHashes(_ index: Int) -> [[UInt8]] { simulator.replicas[index].committed.map(\.certificate.blockHash) }
}

extension ConsensusTests {
    /// Scripted scenarios for the core: the happy path, persist-then-send, a silent primary,
    /// a prepared certificate carried through a view change, bounded view jumps, restarts.
    @Suite struct ConsensusCoreTests {
        @Test func fourReplicasCommitThreeHeightsWithSortedQuorumCertificates() throws {
            var cluster = try ScriptedCluster(validatorCount: 4)
            cluster.deliverAll()
            cluster.deliverAll()
            cluster.deliverAll()
            for index in 0..<4 {
                #expect(cluster.simulator.replicas[index].committed.count >= 3)
                let certificate = cluster.simulator.replicas[index].committed[0].certificate
                let signers = certificate.signatures.map(\.validatorID)
                #expect(signers.count == 3 && signers == signers.sorted())
            }
            #expect(cluster.simulator.violations.isEmpty)
            #expect(Set(cluster.committedHashes(0).prefix(3)) .count == 3)
        }

        @Test func votesAreSentOnlyAfterTheyArePersisted() throws {
            let cluster = try ScriptedCluster(validatorCount: 4)
            let configuration = cluster.simulator.configuration
            let primaryID = PrimarySelection.explain(table: cluster.simulator.initialScores, genesisHash: configuration.genesisHash,
                                                     height: 1, view: 0, faultsTolerated: 1, hash: SHA256Digest.hash).primaryID
            var core = ConsensusCore(configuration: configuration, signer: StandInSigner(validatorID: primaryID),
                                     verifier: StandInVerifier(), tip: cluster.simulator.tip(of: 0))
            let started = core.step(.start)
            guard case .requestBatch(let template) = started.last else { Issue.record("no batch request: \(started)"); return }
            let packed = core.step(.batchReady(cluster.simulator.packBlock(template, salt: 0)))
            #expect(packed.count == 1)
            guard case .persist(let state, let sequence) = packed.first else { Issue.record("no persist: \(packed)"); return }
            #expect(state.signedRecords.map(\.kind) == [.proposal])
            let released = core.step(.persisted(sequence: sequence))
            guard case .broadcast(.proposal) = released.first else { Issue.record("no proposal: \(released)"); return }
            // Its own proposal makes it prepare: again persist first, nothing sent yet.
            #expect(released.dropFirst().allSatisfy { if case .broadcast = $0 { false } else { true } })
        }

        @Test func silentPrimaryIsReplacedAndScoredAsFailed() throws {
            // The primary of height 1, view 0 never gets a batch, so it never proposes.
            var cluster = try ScriptedCluster(validatorCount: 4, silencing: 0)
            cluster.tickAll(20)
            cluster.deliverAll()
            cluster.deliverAll()
            let block = try #require(cluster.simulator.replicas[0].committed.first)
            #expect(block.block.header.view >= 1)
            let failed = block.block.header.failedViewPrimaries
            #expect(!failed.isEmpty)
            #expect(block.scores.score(of: failed[0]) == 750_000)
            #expect(block.scores.score(of: block.block.header.proposerID) == 1_000_000)
            #expect(cluster.simulator.violations.isEmpty)
        }

        @Test func preparedBlockIsReproposedAfterTheViewChange() throws {
            var cluster = try ScriptedCluster(validatorCount: 4)
            cluster.deliverAll { if case .commit = $0 { true } else { false } }
            let prepared = try #require(cluster.core(0).hardState.preparedCertificate)
            #expect(cluster.simulator.replicas.allSatisfy { $0.committed.isEmpty })
            cluster.tickAll(20)
            cluster.deliverAll()
            let committed = try #require(cluster.simulator.replicas[0].committed.first)
            #expect(committed.certificate.blockHash == prepared.blockHash)
            #expect(committed.certificate.view >= 1)
            let carried = cluster.simulator.replicas.map { $0.core!.counters.preparedCertificatesCarried }.reduce(0, +)
            #expect(carried >= 1)
        }

        @Test func oneReplicaAloneCannotMoveOthersToAHigherView() throws {
            var cluster = try ScriptedCluster(validatorCount: 4)
            let configuration = cluster.simulator.configuration
            func change(_ sender: Int, view: Int64) -> ConsensusMessage {
                let id = cluster.ids[sender]
                let payload = ViewChange.payload(chainID: configuration.chainID, height: 1, newView: view, prepared: nil)
                return .viewChange(ViewChange(height: 1, newView: view, preparedCertificate: nil, senderID: id,
                                              signature: StandInSigner(validatorID: id).sign(payload)))
            }
            cluster.step(0, .message(from: cluster.ids[1], change(1, view: 3)))
            #expect(cluster.core(0).hardState.view == 0)
            cluster.step(0, .message(from: cluster.ids[2], change(2, view: 100)))
            #expect(cluster.core(0).hardState.view == 0, "a view beyond viewsAheadMax is ignored")
            cluster.step(0, .message(from: cluster.ids[2], change(2, view: 4)))
            #expect(cluster.core(0).hardState.view == 3, "f+1 = 2 peers ahead: join the view both reached")
        }

        @Test func restartedReplicaDoesNotSignAgainInAView() throws {
            var cluster = try ScriptedCluster(validatorCount: 4)
            var seen: Proposal?
            cluster.deliverAll { message in
                if case .proposal(let proposal) = message { seen = proposal }
                if case .prepare = message { return true }
                return false
            }
            let proposal = try #require(seen)
            let voter = cluster.ids.firstIndex { $0 != proposal.proposerID }!
            let durable = try #require(cluster.simulator.replicas[voter].durableHardState)
            #expect(durable.signedRecords.contains { $0.kind == .prepare && $0.view == 0 })
            var restarted = ConsensusCore(configuration: cluster.simulator.configuration, signer: StandInSigner(validatorID: cluster.ids[voter]),
                                          verifier: StandInVerifier(), tip: cluster.simulator.tip(of: voter), restoring: durable)
            #expect(restarted.hardState == durable)
            _ = restarted.step(.start)
            let actions = restarted.step(.message(from: proposal.proposerID, .proposal(proposal)))
            #expect(!actions.contains { if case .persist = $0 { true } else { false } }, "no second prepare in view 0")
        }
    }
}

extension ScriptedCluster {
    /// A cluster whose `silencing`-th primary of height 1 view 0 never gets a batch.
    init(validatorCount: Int, silencing _: Int) throws {
        var settings = SimulationSettings()
        settings.validatorCount = validatorCount
        settings.byzantine = []
        simulator = try ConsensusSimulator(seed: 1, settings: settings, started: false)
        let configuration = simulator.configuration
        let primaryID = PrimarySelection.explain(table: simulator.initialScores, genesisHash: configuration.genesisHash, height: 1,
                                                 view: 0, faultsTolerated: configuration.faultsTolerated, hash: configuration.hash).primaryID
        withheldBatches = [configuration.validatorIDs.firstIndex(of: primaryID)!]
        for index in simulator.replicas.indices { step(index, .start) }
    }
}
