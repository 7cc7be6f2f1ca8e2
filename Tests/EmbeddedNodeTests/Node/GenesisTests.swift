import Canonical
import EmbeddedNode
import Foundation
import NodeTestSupport
import Testing

/// A genesis file is refused unless all of it is valid, and every problem names its path.
@Suite struct GenesisTests {
    @Test func theTestChainsGenesisIsValidAndHashesStably() throws {
        let chain = try TestChain()
        #expect(chain.genesis.validatorIDs == ["provincial-office"])
        #expect(chain.genesis.organisations.map(\.organisation.id) == chain.genesis.organisations.map(\.organisation.id).sorted())
        let again = try Genesis(file: chain.file)
        #expect(again.hash == chain.genesis.hash)
        let data = try JSONEncoder().encode(chain.file)
        #expect(try Genesis(file: GenesisFile.parse(data)).hash == chain.genesis.hash)
    }

    @Test func everyProblemIsNamedByItsPath() throws {
        var file = try TestChain().file
        file.cryptoSuite = "rsa"
        file.genesisTime = "yesterday"
        file.organisations[1].kind = "mayor"
        file.organisations[2].publicKey = "zz"
        file.organisations[3].publicKey = "04" + String(repeating: "11", count: 64)
        file.organisations[4].id = file.organisations[5].id
        file.consensus = ConsensusSettings(batchTimeoutMs: 0)
        let problems = Self.problems(file)
        let expectedPrefixes = ["cryptoSuite:", "genesisTime:", "organisations[1].kind:", "organisations[2].publicKey: not hex",
                                "organisations[3].publicKey:", "organisations[5].id:", "consensus.batchTimeoutMs"]
        for prefix in expectedPrefixes {
            #expect(problems.contains { $0.hasPrefix(prefix) }, "\(prefix) in \(problems)")
        }
    }

    @Test func aChainNeedsAValidatorAndAConservingTrancheTable() throws {
        var file = try TestChain().file
        for index in file.organisations.indices { file.organisations[index].validator = false }
        let workflow = #"{"trancheTable":{"finalHolder":"countyFundCompany","rules":[{"id":"a","payer":"countyFinance","payee":"countyFundCompany","basisPoints":9000}]}}"#
        file.workflow = try JSONDecoder().decode(GenesisFile.WorkflowEntry.self, from: Data(workflow.utf8))
        let problems = Self.problems(file)
        #expect(problems.contains("organisations: at least one must be a validator"))
        #expect(problems.contains { $0.hasPrefix("workflow: tranche table:") })
    }

    @Test func malformedJSONNamesTheField() {
        let missing = Data(#"{"format":"fundchain-genesis","version":1,"cryptoSuite":"p256-sha256","genesisTime":"x","organisations":[]}"#.utf8)
        #expect(throws: GenesisError.problems(["chainID: missing"])) { try GenesisFile.parse(missing) }
        let wrongType = Data(#"{"format":"fundchain-genesis","version":"1","chainID":"c","cryptoSuite":"p256-sha256","genesisTime":"x","organisations":[]}"#.utf8)
        #expect(throws: GenesisError.self) { try GenesisFile.parse(wrongType) }
        do throws(GenesisError) {
            _ = try GenesisFile.parse(Data("not json".utf8))
            Issue.record("not JSON was accepted")
        } catch {
            switch error {
            case .problems(let problems): #expect(problems.count == 1 && problems[0].hasPrefix("file:") && problems[0].contains("JSON"))
            }
        }
    }

    /// The problems `Genesis(file:)` reports (empty when it accepts the file).
    static func problems(_ file: GenesisFile) -> [String] {
        do throws(GenesisError) {
            _ = try Genesis(file: file)
            return []
        } catch {
            switch error {
            case .problems(let problems): return problems
            }
        }
    }
}
