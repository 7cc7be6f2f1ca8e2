import Canonical
@testable import EmbeddedNode
import Testing
import WorkflowTestSupport

extension ConsensusTests {
    /// Canonical decoding of consensus messages and the hard state: every message a scripted
    /// cluster sends (including a view change carrying a prepared certificate and the new view
    /// it justifies) round-trips byte for byte; truncated, corrupted, over-long and unsorted
    /// input gives a typed `CanonicalError`, never a crash.
    @Suite struct ConsensusDecodingTests {
        /// Messages of a run where commits are dropped once, forcing a view change that carries
        /// a prepared certificate, plus the decided blocks and durable hard states it leaves.
        static func sampleMessages() throws -> (messages: [ConsensusMessage], hardStates: [ConsensusHardState]) {
            var cluster = try ScriptedCluster(validatorCount: 4)
            var messages: [ConsensusMessage] = []
            cluster.deliverAll { message in
                messages.append(message)
                if case .commit = message { return true }
                return false
            }
            let hardStates = cluster.simulator.replicas.compactMap(\.durableHardState)
            cluster.tickAll(20)
            cluster.deliverAll { message in
                messages.append(message)
                return false
            }
            for entry in cluster.simulator.replicas[0].committed {
                messages.append(.decided(DecidedBlock(block: entry.block, certificate: entry.certificate)))
            }
            return (messages, hardStates)
        }

        static func tag(_ message: ConsensusMessage) -> UInt8 { message.canonicalBytes[0] }

        @Test func everyMessageKindAndTheHardStateRoundTrip() throws {
            let (messages, hardStates) = try Self.sampleMessages()
            #expect(Set(messages.map(Self.tag)) == [1, 2, 3, 4, 5, 6], "all six kinds sampled")
            #expect(messages.contains { if case .viewChange(let change) = $0 { change.preparedCertificate != nil } else { false } })
            for message in messages {
                let bytes = message.canonicalBytes
                let decoded = try ConsensusMessage.decode(peerBytes: bytes)
                #expect(decoded == message)
                #expect(decoded.canonicalBytes == bytes)
            }
            #expect(hardStates.contains { $0.preparedCertificate != nil })
            for state in hardStates {
                let decoded = try ConsensusHardState(canonicalBytes: state.canonicalBytes)
                #expect(decoded == state)
            }
        }

        @Test func everyTruncationIsRefusedWithATypedError() throws {
            let (messages, hardStates) = try Self.sampleMessages()
            for state in hardStates {
                let bytes = state.canonicalBytes
                for length in 0..<bytes.count {
                    #expect(throws: CanonicalError.self) { try ConsensusHardState(canonicalBytes: Array(bytes[..<length])) }
                }
            }
            for bytes in messages.prefix(40).map(\.canonicalBytes) {
                for length in 0..<bytes.count {
                    #expect(throws: CanonicalError.self) { try ConsensusMessage.decode(peerBytes: Array(bytes[..<length])) }
                }
                #expect(throws: CanonicalError.self) { try ConsensusMessage.decode(peerBytes: bytes + [0]) }
            }
        }

        @Test func corruptedAndRandomBytesGiveErrorsNotCrashes() async throws {
            let (messages, _) = try Self.sampleMessages()
            var generator = SeededGenerator(seed: 5)
            var refused = 0
            for (round, message) in messages.enumerated() {
                var bytes = message.canonicalBytes
                for _ in 0..<8 {
                    let position = Int(generator.next() % UInt64(bytes.count))
                    bytes[position] = UInt8(truncatingIfNeeded: generator.next())
                    if (try? ConsensusMessage.decode(peerBytes: bytes)) == nil { refused += 1 }
                }
                if (try? ConsensusMessage.decode(peerBytes: generator.bytes(Int(generator.next() % 512)))) == nil { refused += 1 }
                if round % 16 == 0 { await Task.yield() }
            }
            #expect(refused > 0)
        }

        @Test func unknownTagsPhasesAndOverLongListsAreRefused() throws {
            #expect(throws: CanonicalError.invalidTag(offset: 0, tag: 7, type: "ConsensusMessage")) {
                try ConsensusMessage.decode(peerBytes: [7])
            }
            let (messages, _) = try Self.sampleMessages()
            let prepare = try #require(messages.first { Self.tag($0) == 2 })
            guard case .prepare(let vote) = prepare else { return }
            // A prepare vote under the commit tag.
            #expect(throws: CanonicalError.self) { try ConsensusMessage.decode(peerBytes: [3] + vote.canonicalBytes) }
            // A new view claiming more view changes than validators may exist.
            var writer = CanonicalWriter()
            guard case .newView(let newView) = try #require(messages.first { Self.tag($0) == 5 }) else { return }
            writer.write(UInt8(5))
            writer.write(newView.proposal)
            writer.write(UInt64(ConsensusLimits.votesMax + 1))
            #expect(throws: CanonicalError.self) { try ConsensusMessage.decode(peerBytes: writer.bytes) }
            #expect(throws: CanonicalError.self) {
                try ConsensusMessage.decode(peerBytes: [UInt8](repeating: 1, count: ConsensusLimits.messageBytesMax + 1))
            }
        }

        @Test func unsortedOrRepeatedJustificationIsRefused() throws {
            let (messages, _) = try Self.sampleMessages()
            guard case .newView(let newView) = try #require(messages.first { Self.tag($0) == 5 }) else { return }
            let first = try #require(newView.justification.first)
            var writer = CanonicalWriter()
            writer.write(UInt8(5))
            writer.write(newView.proposal)
            writer.write([first] + newView.justification)
            #expect(throws: CanonicalError.self) { try ConsensusMessage.decode(peerBytes: writer.bytes) }
        }
    }
}
