import Canonical
@testable import EmbeddedNode
import Foundation
import NodeTestSupport
import Testing
import Workflow

/// The governance contract: a change proposed by a validator applies two blocks after 2f+1
/// validators of the set in force approved it, and every refusal names its reason.
@Suite struct GovernanceContractTests {
    static let validators = ["commercial-bank", "county-finance", "provincial-finance", "provincial-office"]

    func bed(validators: [String] = validators) throws -> (GovernanceTestBed, TestChain) {
        let chain = try TestChain(validators: validators)
        return (GovernanceTestBed(genesis: chain.genesis, keys: chain.keys), chain)
    }

    func addFund(_ chain: TestChain) -> GovernanceChange {
        .addValidator(validatorID: "fund-lp", signingKey: chain.keys["fund-lp"]!.publicKey.rawBytes, nodeKey: nil)
    }

    @Test func anAddedValidatorIsInForceTwoBlocksAfterTheThirdApproval() throws {
        let (bed, chain) = try bed()
        let proposed = try bed.block(at: 1, [("provincial-office", .governancePropose(addFund(chain)))])
        #expect(proposed[0].governance == GovernanceOutcome(proposalID: 1, approvals: 1, quorum: 3, activationHeight: nil))
        let second = try bed.block(at: 2, [("commercial-bank", .governanceApprove(proposalID: 1))])
        #expect(second[0].governance?.approvals == 2 && second[0].governance?.activationHeight == nil)
        let third = try bed.block(at: 3, [("county-finance", .governanceApprove(proposalID: 1))])
        #expect(third[0].governance == GovernanceOutcome(proposalID: 1, approvals: 3, quorum: 3, activationHeight: 5))
        #expect(try bed.epoch(at: 4).validators.validatorIDs == Self.validators)
        #expect(try bed.epoch(at: 5).validators.validatorIDs == (Self.validators + ["fund-lp"]).sorted())
        // Five validators tolerate one fault, like four, but decide with four (Quorum.size).
        #expect(try bed.epoch(at: 5).validators.quorum == 4)
        // Decided: a fourth approval is refused and changes nothing.
        let late = try bed.block(at: 4, [("provincial-finance", .governanceApprove(proposalID: 1))])
        #expect(late[0].governanceRefusal == .alreadyApplied(1))
        // The new validator counts from its activation height on, not before.
        let early = try bed.block(at: 4, [("fund-lp", .governancePropose(.removeValidator(validatorID: "county-finance")))])
        #expect(early[0].governanceRefusal == .notValidator("fund-lp"))
        let inForce = try bed.block(at: 5, [("fund-lp", .governancePropose(.removeValidator(validatorID: "county-finance")))])
        #expect(inForce[0].governance == GovernanceOutcome(proposalID: 2, approvals: 1, quorum: 4, activationHeight: nil))
    }

    @Test func refusalsNameTheirReasonAndChangeNothing() throws {
        let (bed, chain) = try bed()
        _ = try bed.block(at: 1, [("provincial-office", .governancePropose(addFund(chain)))])
        let before = try bed.state().value(Array("governance/proposals".utf8))
        let receipts = try bed.block(at: 2, [
            ("county-hq", .governanceApprove(proposalID: 1)),
            ("provincial-office", .governanceApprove(proposalID: 1)),
            ("commercial-bank", .governanceApprove(proposalID: 7)),
            ("commercial-bank", .governancePropose(.removeValidator(validatorID: "county-finance"))),
            ("commercial-bank", .governancePropose(.removeValidator(validatorID: "fund-lp"))),
            ("commercial-bank", .governancePropose(.addValidator(validatorID: "provincial-office", signingKey: chain.keys["county-hq"]!.publicKey.rawBytes, nodeKey: nil))),
            ("commercial-bank", .governancePropose(.addValidator(validatorID: "county-hq", signingKey: [4, 1, 2], nodeKey: nil))),
            ("commercial-bank", .governancePropose(.addValidator(validatorID: "county-hq", signingKey: chain.keys["county-hq"]!.publicKey.rawBytes, nodeKey: [4]))),
            ("commercial-bank", .governancePropose(.revokeNodeKey(nodeKey: [4, 9]))),
        ])
        #expect(receipts.map(\.governanceRefusal) == [
            .notValidator("county-hq"), .duplicateApproval(proposalID: 1, validatorID: "provincial-office"), .unknownProposal(7),
            .tooFewValidators(remaining: 3, minimum: 4), .unknownValidator("fund-lp"), .alreadyValidator("provincial-office"),
            .invalidKey(field: "signingKey"), .invalidKey(field: "nodeKey"), .unknownNodeKey,
        ])
        #expect(try bed.state().value(Array("governance/proposals".utf8)) == before)
        #expect(receipts[0].outcome == .failure(.governance(.notValidator("county-hq"))))
        #expect(RejectionReason.governance(.tooFewValidators(remaining: 3, minimum: 4)).message(.chinese).contains("至少需要 4 个"))
    }

    @Test func aProposalExpiresAfterItsLifetime() throws {
        let (bed, chain) = try bed()
        _ = try bed.block(at: 1, [("provincial-office", .governancePropose(addFund(chain)))])
        let lastHeight = 1 + GovernanceRules.proposalLifetimeBlocks
        let onTime = try bed.block(at: lastHeight, [("commercial-bank", .governanceApprove(proposalID: 1))])
        #expect(onTime[0].governance?.approvals == 2)
        let late = try bed.block(at: lastHeight + 1, [("county-finance", .governanceApprove(proposalID: 1))])
        #expect(late[0].governanceRefusal == .expired(proposalID: 1, expiryHeight: lastHeight))
    }

    @Test func theLastValidatorCannotBeRemovedAndOneValidatorDecidesAlone() throws {
        let (bed, chain) = try bed(validators: ["provincial-office"])
        let remove = try bed.block(at: 1, [("provincial-office", .governancePropose(.removeValidator(validatorID: "provincial-office")))])
        #expect(remove[0].governanceRefusal == .lastValidator("provincial-office"))
        let add = try bed.block(at: 2, [("provincial-office", .governancePropose(addFund(chain)))])
        #expect(add[0].governance == GovernanceOutcome(proposalID: 1, approvals: 1, quorum: 1, activationHeight: 4))
        #expect(try bed.epoch(at: 4).validators.validatorIDs == ["fund-lp", "provincial-office"])
    }

    @Test func twoChangesApprovedInOneBlockComposeAndRemovalLeavesTheSet() throws {
        let (bed, chain) = try bed()
        _ = try bed.block(at: 1, [("provincial-office", .governancePropose(addFund(chain))),
                                  ("provincial-office", .governancePropose(.addValidator(validatorID: "county-hq", signingKey: chain.keys["county-hq"]!.publicKey.rawBytes, nodeKey: nil)))])
        let receipts = try bed.block(at: 2, [("commercial-bank", .governanceApprove(proposalID: 1)), ("commercial-bank", .governanceApprove(proposalID: 2)),
                                             ("county-finance", .governanceApprove(proposalID: 1)), ("county-finance", .governanceApprove(proposalID: 2))])
        #expect(receipts.map(\.governance?.activationHeight) == [nil, nil, 4, 4])
        #expect(try bed.epoch(at: 4).validators.members.count == 6)
        _ = try bed.block(at: 5, [("fund-lp", .governancePropose(.removeValidator(validatorID: "county-hq")))])
        // Six validators: f = 1, quorum 4 of the set in force at the approving height.
        let approvals = try bed.block(at: 6, [("county-hq", .governanceApprove(proposalID: 3)), ("provincial-office", .governanceApprove(proposalID: 3)),
                                              ("commercial-bank", .governanceApprove(proposalID: 3))])
        #expect(approvals.map(\.governance?.quorum) == [4, 4, 4])
        #expect(approvals.map(\.governance?.activationHeight) == [nil, nil, 8])
        #expect(try bed.epoch(at: 8).validators.validatorIDs == ["commercial-bank", "county-finance", "fund-lp", "provincial-finance", "provincial-office"])
        #expect(try bed.epoch(at: 7).validators.validatorIDs.contains("county-hq"))
    }
}
