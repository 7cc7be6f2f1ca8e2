import Canonical
@testable import EmbeddedNode
import Testing

extension ConsensusTests {
    /// Primary selection: determinism, the explained draw, exclusions, rotation, and frequencies
    /// that follow S_i / sum(S).
    @Suite struct PrimarySelectionTests {
        static let genesisHash = SHA256Digest.hash(Array("primary-selection-test".utf8))

        static func table(_ scores: [Int64]) throws -> CreditScoreTable {
            try CreditScoreTable(entries: scores.enumerated().map { CreditScoreEntry(validatorID: "v\($0.offset)", score: $0.element) })
        }

        static func explain(_ table: CreditScoreTable, height: Int64, view: Int64) -> PrimaryExplanation {
            PrimarySelection.explain(table: table, genesisHash: genesisHash, height: height, view: view,
                                     faultsTolerated: (table.entries.count - 1) / 3, hash: SHA256Digest.hash)
        }

        @Test func explanationRecomputesTheChoice() throws {
            let table = try Self.table([1_000_000, 500_000, 250_000, 250_000])
            for height in Int64(1)...50 {
                let explanation = Self.explain(table, height: height, view: 0)
                #expect(explanation == Self.explain(table, height: height, view: 0))
                #expect(explanation.method == .roulette)
                let draw = try #require(explanation.draw)
                let index = try #require(explanation.candidates.firstIndex { $0.validatorID == explanation.primaryID })
                let below = index == 0 ? 0 : explanation.candidates[index - 1].cumulativeScore
                #expect(below < draw && draw <= explanation.candidates[index].cumulativeScore)
                #expect(explanation.seed == PrimarySelection.seed(genesisHash: Self.genesisHash, height: height, view: 0,
                                                                  hash: SHA256Digest.hash))
            }
        }

        @Test func failedPrimariesAreExcludedThenRotationFromViewFPlusOne() throws {
            let table = try Self.table([1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000])  // f = 2
            for height in Int64(1)...20 {
                let views = (Int64(0)...5).map { Self.explain(table, height: height, view: $0) }
                #expect(Set(views.prefix(3).map(\.primaryID)).count == 3, "views 0...f pick distinct primaries")
                #expect(views[2].excludedValidatorIDs == [views[0].primaryID, views[1].primaryID])
                for view in 3...5 {
                    #expect(views[view].method == .rotationFromViewLimit)
                    #expect(views[view].primaryID == "v\((height + Int64(view)) % 7)")
                }
            }
        }

        @Test func uniformDrawStaysInRangeAndCoversIt() {
            var seen = [Int](repeating: 0, count: 3)
            for index in 0..<600 {
                let seed = SHA256Digest.hash(Array("draw-\(index)".utf8))
                let draw = PrimarySelection.uniformDraw(seed: seed, total: 3, hash: SHA256Digest.hash)!
                #expect((1...3).contains(draw))
                seen[Int(draw - 1)] += 1
            }
            #expect(seen.allSatisfy { $0 > 150 && $0 < 250 }, "\(seen)")
        }

        /// Over 4000 heights at view 0 each validator leads within 0.035 of S_i / sum (about 4.5
        /// standard deviations for the largest share).
        @Test func frequenciesFollowScores() async throws {
            let scores: [Int64] = [1_000_000, 500_000, 250_000, 250_000]
            let table = try Self.table(scores)
            var counts = [Int](repeating: 0, count: scores.count)
            let heights = 4000
            for height in 1...heights {
                let primary = Self.explain(table, height: Int64(height), view: 0).primaryID
                counts[Int(primary.dropFirst())!] += 1
                if height % 500 == 0 { await Task.yield() }
            }
            let total = Double(scores.reduce(0, +))
            for (index, score) in scores.enumerated() {
                let expected = Double(score) / total
                let measured = Double(counts[index]) / Double(heights)
                #expect(abs(measured - expected) < 0.035, "v\(index): measured \(measured), expected \(expected)")
            }
        }
    }
}
