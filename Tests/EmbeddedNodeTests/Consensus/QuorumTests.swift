import Testing

@testable import EmbeddedNode

/// The quorum arithmetic for any set size governance can produce: two quorums always share an
/// honest validator, and the honest validators alone always reach a quorum.
@Suite struct QuorumTests {
    @Test func setsOfThreeFPlusOneDecideWithTwoFPlusOne() {
        for faults in 0...33 {
            #expect(Quorum.size(validatorCount: 3 * faults + 1) == 2 * faults + 1, "f = \(faults)")
        }
    }

    @Test func otherSetSizesKeepSafetyAndLiveness() {
        // 5 validators tolerate one fault; three votes would let two quorums meet in that one.
        #expect(Quorum.size(validatorCount: 5) == 4)
        #expect(Quorum.size(validatorCount: 6) == 4)
        #expect(Quorum.size(validatorCount: 8) == 6)
        for count in 1...100 {
            let faults = Quorum.faultsTolerated(validatorCount: count)
            let size = Quorum.size(validatorCount: count)
            #expect(2 * size - count >= faults + 1, "n = \(count): two quorums of \(size) must share an honest validator")
            #expect(size <= count - faults, "n = \(count): the \(count - faults) honest validators must form a quorum of \(size)")
        }
    }
}
