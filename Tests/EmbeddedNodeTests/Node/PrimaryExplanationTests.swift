import Canonical
@testable import EmbeddedNode
import Foundation
import NodeTestSupport
import Testing

/// "Why this primary" recomputed by the node from its chain, checked against the test's own
/// bookkeeping: scores updated by SPEC 7's formula written out here, the seed hashed here, the
/// roulette walked here, on a four-validator chain whose heights 2 and 4 committed after
/// failed views (height 4 in view f+1 = 2, by rotation).
@Suite struct PrimaryExplanationTests {
    /// The view each height commits in.
    static let committedViews: [Int64] = [0, 1, 0, 2, 0, 0]
    static let scale: Int64 = 1_000_000

    /// The test's independent account of the chain: scores by validator, and the primary of each view.
    struct Expected {
        let genesisHash: [UInt8]
        let ids: [String]
        var scores: [String: Int64]

        /// SPEC 7 with the defaults: S = (3S + S')/4, S_s = 1.0, S_f = 0, floor 0.01.
        mutating func score(_ id: String, committed: Bool) {
            scores[id] = max(PrimaryExplanationTests.scale / 100, (scores[id]! * 3 + (committed ? PrimaryExplanationTests.scale : 0)) / 4)
        }

        func seed(height: Int64, view: Int64) -> [UInt8] {
            var writer = CanonicalWriter()
            writer.write("fundchain-primary-seed-v1")
            writer.write(bytes: genesisHash)
            writer.write(height)
            writer.write(view)
            return SHA256Digest.hash(writer.bytes)
        }

        /// The primary of (height, view) with the earlier views' primaries excluded (f = 1).
        func primary(height: Int64, view: Int64, excluded: [String]) -> (id: String, draw: Int64?) {
            if view >= 2 { return (ids[Int((height + view) % Int64(ids.count))], nil) }
            let candidates = ids.filter { !excluded.contains($0) }
            let total = candidates.reduce(0) { $0 + scores[$1]! }
            let draw = PrimarySelection.uniformDraw(seed: seed(height: height, view: view), total: total, hash: SHA256Digest.hash)!
            var sum: Int64 = 0
            for id in candidates {
                sum += scores[id]!
                if draw <= sum { return (id, draw) }
            }
            Issue.record("the draw \(draw) lies above the sum \(total)")
            return (candidates[0], draw)
        }

        /// The primaries of views 0...view at `height`.
        func primaries(height: Int64, through view: Int64) -> [(id: String, draw: Int64?)] {
            var chosen: [(id: String, draw: Int64?)] = []
            for current in 0...view { chosen.append(primary(height: height, view: current, excluded: chosen.map(\.id))) }
            return chosen
        }

        func tableHash() throws -> [UInt8] {
            try CreditScoreTable(entries: ids.map { CreditScoreEntry(validatorID: $0, score: scores[$0]!) }).hash(SHA256Digest.hash)
        }
    }

    /// Commits `committedViews.count` blocks, each proposed by the test's primary of its
    /// committed view; returns the node and the test's scores before each height.
    static func buildChain(_ chain: TestNetworkChain, at directory: URL) async throws -> (Node, [Expected]) {
        let node = try NodeConsensusTests.open(chain, at: directory)
        var expected = Expected(genesisHash: chain.genesis.hash, ids: chain.genesis.validatorIDs,
                                scores: Dictionary(uniqueKeysWithValues: chain.genesis.validatorIDs.map { ($0, scale) }))
        var before: [Expected] = []
        for (offset, view) in committedViews.enumerated() {
            let height = Int64(offset + 1)
            before.append(expected)
            let primaries = expected.primaries(height: height, through: view)
            let tip = await node.chainTip
            let template = ProposalTemplate(height: height, view: view, previousHash: tip.hash, proposerID: primaries.last!.id,
                                            failedViewPrimaries: primaries.dropLast().map(\.id), creditScoreTableHash: try expected.tableHash(),
                                            previousCommitCertificate: tip.certificate, timestampMsMin: tip.timeMs + 1)
            let block = await node.proposalBlock(for: template)
            _ = try await node.commitCertified(block, certificate: try NodeConsensusTests.certificate(chain, for: block))
            for failed in primaries.dropLast() { expected.score(failed.id, committed: false) }
            expected.score(primaries.last!.id, committed: true)
        }
        before.append(expected)
        return (node, before)
    }

    @Test func theNodeRecomputesEveryBlocksPrimaryFromItsChain() async throws {
        let chain = try TestNetworkChain()
        let directory = TestChain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (node, before) = try await Self.buildChain(chain, at: directory)
        for (offset, view) in Self.committedViews.enumerated() {
            let height = Int64(offset + 1)
            let expected = before[offset]
            let why = try #require(try await node.primaryExplanation(height: height))
            let primaries = expected.primaries(height: height, through: view)
            #expect(why.isCommitted && why.faultsTolerated == 1 && why.views.map(\.view) == Array(0...view))
            #expect(why.scores.entries.map(\.score) == expected.ids.map { expected.scores[$0]! }, "scores in force at \(height)")
            #expect(why.views.map(\.primaryID) == primaries.map(\.id))
            #expect(why.views.map(\.draw) == primaries.map(\.draw))
            #expect(why.views.map(\.seed) == (0...view).map { expected.seed(height: height, view: $0) })
            #expect(why.failedViews.map(\.primaryID) == primaries.dropLast().map(\.id))
            let header = try #require(try node.block(height: height)).block.header
            #expect(why.decidingView.primaryID == header.proposerID && why.failedViews.map(\.primaryID) == header.failedViewPrimaries)
            #expect(why.rotationApplied == (view >= 2))
            let probabilities = why.views[0].probabilitiesPPM
            let total = expected.scores.values.reduce(0, +)
            #expect(probabilities.map(\.ppm) == expected.ids.map { expected.scores[$0]! * 1_000_000 / total })
            #expect(try HeightPrimaryExplanation(canonicalBytes: why.canonicalBytes) == why)
        }
        #expect(before[5].scores != before[0].scores, "the failed views moved the scores")
        let next = try #require(try await node.primaryExplanation(height: nil))
        let expectedNext = before[Self.committedViews.count]
        #expect(!next.isCommitted && next.height == 7 && next.views.count == 1)
        #expect(next.decidingView.primaryID == expectedNext.primary(height: 7, view: 0, excluded: []).id)
        #expect(next.scores.entries.map(\.score) == expectedNext.ids.map { expectedNext.scores[$0]! })
        #expect(try await node.primaryExplanation(height: 8) == nil)
        #expect(try await node.primaryExplanation(height: 0) == nil)
        let activity = Dictionary(uniqueKeysWithValues: next.activity.map { ($0.validatorID, $0) })
        let failedAt2 = before[1].primaries(height: 2, through: 1)[0].id
        #expect(activity.values.reduce(0) { $0 + $1.proposedBlocks } == 6 && activity.values.reduce(0) { $0 + $1.failedViews } == 3)
        #expect(activity[failedAt2]!.failedViews >= 1)
        await node.close()
    }

    @Test func theRPCAnswersWhyThisPrimary() async throws {
        let chain = try TestNetworkChain()
        let directory = TestChain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (node, before) = try await Self.buildChain(chain, at: directory)
        var registry = RPCMethodRegistry()
        NodeRPCService(node: node).register(on: &registry)
        let method = try #require(registry.handler(named: "fc_primaryExplanation"))
        let answer = try await method(.object(JSONObject([("height", .integer(4))])))
        let primaries = before[3].primaries(height: 4, through: 2)
        #expect(answer["height"]?.int64Value == 4 && answer["committed"]?.boolValue == true)
        #expect(answer["primaryID"]?.stringValue == primaries[2].id && answer["rotationApplied"]?.boolValue == true)
        #expect(answer["failedViews"]?.arrayValue?.compactMap { $0["primaryID"]?.stringValue } == primaries.prefix(2).map(\.id))
        #expect(answer["views"]?.arrayValue?.first?["draw"]?.int64Value == primaries[0].draw)
        #expect(answer["scores"]?.arrayValue?.compactMap { $0["score"]?.int64Value } == before[3].ids.map { before[3].scores[$0]! })
        #expect(answer["scoreTableHash"]?.stringValue == Hex.encode(try before[3].tableHash()))
        let next = try await method(nil)
        #expect(next["height"]?.int64Value == 7 && next["committed"]?.boolValue == false)
        do {
            _ = try await method(.object(JSONObject([("height", .integer(9))])))
            Issue.record("height 9 is neither committed nor next")
        } catch {
            #expect(error.code == .notFound)
        }
        await node.close()
    }
}
