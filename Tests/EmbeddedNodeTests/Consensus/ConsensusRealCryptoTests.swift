@testable import EmbeddedNode
import Testing

extension ConsensusTests {
    /// The core with real P-256 signatures: the chain-key signer and suite verifier accept
    /// each other's votes and refuse tampered ones, and whole-cluster runs of 30 heights
    /// (silent and equivocating primaries, drops, crashes) commit with verified certificates.
    @Suite struct ConsensusRealCryptoTests {
        @Test func chainKeySignaturesOfVotePayloadsVerifyAndTamperingFails() throws {
            let suite = CryptoSuites.suite(.p256SHA256)
            let key = try suite.generatePrivateKey()
            let signer = SigningKeyConsensusSigner(validatorID: "validator-0", key: key)
            let verifier = SuiteConsensusVerifier(suite: suite, publicKeys: ["validator-0": key.publicKey])
            let payload = VotePayload(chainID: "c", height: 3, view: 1, phase: .commit, blockHash: suite.hash([1])).canonicalBytes
            let signature = signer.sign(payload)
            #expect(signature.count == 64)
            #expect(verifier.isValid(signature: signature, of: payload, by: "validator-0"))
            #expect(!verifier.isValid(signature: signature, of: payload + [0], by: "validator-0"))
            #expect(!verifier.isValid(signature: signature, of: payload, by: "validator-1"), "unknown validator")
            #expect(!verifier.isValid(signature: Array(signature.dropLast()), of: payload, by: "validator-0"))
        }

        @Test(arguments: [(UInt64(41), ByzantineBehaviour.silentPrimary), (UInt64(42), .equivocatingPrimary)])
        func fourValidatorsThirtyHeightsWithP256(seed: UInt64, behaviour: ByzantineBehaviour) async throws {
            var settings = SimulationSettings()
            settings.heightsTarget = 30
            settings.byzantine = [behaviour]
            settings.cryptoSuite = .p256SHA256
            var simulator = try ConsensusSimulator(seed: seed, settings: settings)
            #expect(simulator.verifier is SuiteConsensusVerifier)
            await simulator.run(yieldEvery: 50) { await Task.yield() }
            print("CBFT P-256 simulation seed \(seed) heights=\(simulator.honestHeightMin) \(simulator.counters)")
            #expect(simulator.violations.isEmpty, "seed \(seed): \(simulator.violations)")
            #expect(simulator.honestHeightMin >= 30)
            #expect(simulator.counters.core.messagesRejected > 0 || simulator.counters.crashes > 0)
        }
    }
}
