import Foundation
import Testing

extension ConsensusTests {
    /// The scripted scenarios in Fixtures/consensus/, one per view-change justification rule
    /// (see `ConsensusScenario` for the commands). Each states the rule, shows a message that
    /// breaks it refused, and the same message without the defect accepted.
    @Suite struct ConsensusScenarioTests {
        static let directory = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/consensus")

        static var names: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
                .filter { $0.hasSuffix(".scenario") }.sorted()
        }

        @Test func everyJustificationRuleHasAScenario() {
            let expected = ["bounded-views", "distinct-senders", "fresh-block", "highest-prepared-block",
                            "quorum-of-view-changes", "same-view", "signed-view-changes", "valid-prepared-certificates"]
            #expect(Self.names == expected.map { "\($0).scenario" })
        }

        @Test(arguments: names)
        func scenario(_ name: String) throws {
            let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
            do {
                try ConsensusScenario.run(name: name, text: text)
            } catch {
                Issue.record("\(error)")
            }
        }

        @Test func aWrongExpectationFailsNamingTheLine() {
            let text = "validators 4\nnew-view to=3 view=1 changes=3 prepared=none block=fresh\nexpect refused\n"
            #expect(throws: ConsensusScenario.Failure.self) { try ConsensusScenario.run(name: "inline", text: text) }
            do {
                try ConsensusScenario.run(name: "inline", text: text)
            } catch {
                #expect("\(error)".hasPrefix("inline:3: expect refused: the new view was accepted"), "\(error)")
            }
        }
    }
}
