import Canonical
@testable import EmbeddedNode
import Testing

/// Namespace so `swift test --filter ConsensusTests` selects every consensus suite.
enum ConsensusTests {}

extension ConsensusTests {
    /// Credit scores: hand-computed updates, the floor, settings validation, canonical bytes.
    @Suite struct CreditScoresTests {
        static let settings = CreditScoreSettings()  // S_s 1.0, S_f 0, c 4, floor 0.01, start 1.0

        @Test(arguments: [
            // (start, committed, expected): (S*(c-1) + S')/c rounded down, then the floor.
            (Int64(1_000_000), false, Int64(750_000)),
            (750_000, false, 562_500),
            (562_500, false, 421_875),
            (421_875, false, 316_406),  // 1_265_625 / 4 = 316_406.25
            (316_406, true, 487_304),   // (949_218 + 1_000_000) / 4 = 487_304.5
            (1_000_000, true, 1_000_000),
            (12_000, false, 10_000),    // 9_000 is below the floor
            (10_000, false, 10_000),
        ])
        func updateMatchesHandComputedValues(start: Int64, committed: Bool, expected: Int64) {
            #expect(Self.settings.updated(start, committed: committed) == expected)
        }

        @Test func tableRecordsOnlyTheScoredPrimaryAndKeepsCanonicalOrder() throws {
            var table = try CreditScoreTable(validatorIDs: ["c", "a", "b"], settings: Self.settings)
            #expect(table.validatorIDs == ["a", "b", "c"])
            try table.recordCommittedBlock(proposerID: "c", failedViewPrimaries: ["a", "b"], settings: Self.settings)
            #expect(table.entries.map(\.score) == [750_000, 750_000, 1_000_000])
            try table.record(primary: "a", committed: false, settings: Self.settings)
            #expect(table.score(of: "a") == 562_500)
            #expect(throws: CreditScoreError.unknownValidator("z")) {
                try table.record(primary: "z", committed: true, settings: Self.settings)
            }
        }

        @Test func canonicalBytesRoundTripAndHashFollowsScores() throws {
            var table = try CreditScoreTable(validatorIDs: ["v1", "v2"], settings: Self.settings)
            let before = table.hash(SHA256Digest.hash)
            #expect(try CreditScoreTable(canonicalBytes: table.canonicalBytes) == table)
            try table.record(primary: "v1", committed: false, settings: Self.settings)
            #expect(table.hash(SHA256Digest.hash) != before)
            #expect(try CreditScoreTable(canonicalBytes: table.canonicalBytes) == table)
        }

        @Test func settingsOutOfRangeAreRefusedWithTheirName() {
            #expect(throws: CreditScoreError.self) { try CreditScoreSettings(floorScore: 0).validate() }
            #expect(throws: CreditScoreError.self) { try CreditScoreSettings(smoothingCount: 0).validate() }
            #expect(throws: CreditScoreError.self) { try CreditScoreSettings(successScore: 10, failureScore: 20).validate() }
            #expect(throws: CreditScoreError.invalidValidatorList(reason: "a validator is listed twice")) {
                try CreditScoreTable(validatorIDs: ["a", "a"], settings: CreditScoreSettings())
            }
        }
    }
}
