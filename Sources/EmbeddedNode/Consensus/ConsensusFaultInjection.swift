/// Deliberately broken variants of the core, FOR TESTS ONLY: they exist so the simulator's
/// checks can be shown to catch each classic bug (the tests run seeds until a violation
/// appears). Internal, set only through `@testable import`, and empty by default; a node
/// never sets them.
struct ConsensusFaultInjection: OptionSet, Hashable, Sendable {
    let rawValue: UInt8

    /// Quorums of 2f instead of 2f+1 (two quorums need not share an honest replica).
    static let quorumOfTwoF = ConsensusFaultInjection(rawValue: 1 << 0)
    /// View changes carry no prepared certificate (a block that may have committed is lost).
    static let preparedCertificateDroppedAtViewChange = ConsensusFaultInjection(rawValue: 1 << 1)
    /// Signed messages are sent before the hard state recording them is durable.
    static let voteSentBeforePersisted = ConsensusFaultInjection(rawValue: 1 << 2)
    /// Scores are charged from the replica's own view at commit time instead of the
    /// committed block's header.
    static let scoresFromLocalView = ConsensusFaultInjection(rawValue: 1 << 3)
    /// The censorship charge needs one attestation instead of f+1 (a Byzantine validator alone
    /// can get an honest primary charged).
    static let censorshipChargeWithOneAttester = ConsensusFaultInjection(rawValue: 1 << 4)
}
