import Foundation
@testable import EmbeddedNode

/// Runs a scripted consensus scenario from a text file in Fixtures/consensus/ (one command a
/// line, `#` comments) on a `ScriptedCluster` at height 1. Commands:
///
/// - `validators N`: a fresh cluster of N replicas (the view-0 primary has proposed).
/// - `deliver [except KIND]`: deliver everything in flight, dropping messages of KIND
///   (proposal, prepare, commit, view-change, new-view).
/// - `tick N`: N ticks on every replica.
/// - `view-change from=S to=R view=V`: one validly signed view change, no certificate.
/// - `new-view to=R view=V changes=K prepared=none|highest|short block=prepared|fresh|stale
///   [duplicate-sender] [wrong-view] [bad-signature]`: a new view from the primary of view V,
///   justified by the view changes of the first K validators (carrying their prepared
///   certificates, none, or one cut below quorum), with one defect if named.
/// - `expect accepted` / `expect refused`: the last new view was taken (the replica moved to
///   its view without refusing a message) or refused.
/// - `expect view R V`, `expect committed R N` or `N+` (at least; R may be `all`),
///   `expect prepared all`,
///   `expect committed-prepared R`: R committed the block the others had prepared.
struct ConsensusScenario {
    /// A failure naming the file and line.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let name: String
    var cluster: ScriptedCluster?
    var lastNewView: (replica: Int, view: Int64, rejectedBefore: Int)?
    var preparedHash: [UInt8]?

    /// Runs `text`; throws the first failed expectation or malformed line.
    static func run(name: String, text: String) throws {
        var scenario = ConsensusScenario(name: name)
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(separator: " ").map(String.init)
            guard !words.isEmpty else { continue }
            if let problem = try scenario.perform(words) {
                throw Failure(description: "\(name):\(number + 1): \(line.trimmingCharacters(in: .whitespaces)): \(problem)")
            }
        }
        if let violations = scenario.cluster?.simulator.violations, !violations.isEmpty {
            throw Failure(description: "\(name): simulator violations \(violations)")
        }
    }

    /// Performs one command; returns a failed expectation in words, or nil.
    mutating func perform(_ words: [String]) throws -> String? {
        let options = Dictionary(words.dropFirst().compactMap { word -> (String, String)? in
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }, uniquingKeysWith: { $1 })
        let flags = Set(words.dropFirst().filter { !$0.contains("=") })
        if words[0] == "validators" {
            cluster = try ScriptedCluster(validatorCount: try Self.integer(words, 1))
            preparedHash = nil
            return nil
        }
        guard var cluster else { throw Failure(description: "\(name): `validators N` must come first") }
        defer { self.cluster = cluster }
        switch words[0] {
        case "deliver":
            let dropped = words.count == 3 && words[1] == "except" ? words[2] : nil
            cluster.deliverAll { dropped != nil && Self.kind(of: $0) == dropped }
            if preparedHash == nil { preparedHash = cluster.core(0).hardState.preparedCertificate?.blockHash }
        case "tick":
            cluster.tickAll(try Self.integer(words, 1))
        case "view-change":
            let sender = try Self.option(options, "from")
            let payload = ViewChange.payload(chainID: cluster.simulator.configuration.chainID, height: 1,
                                             newView: Int64(try Self.option(options, "view")), prepared: nil)
            let id = cluster.ids[sender]
            let change = ViewChange(height: 1, newView: Int64(try Self.option(options, "view")), preparedCertificate: nil,
                                    senderID: id, signature: StandInSigner(validatorID: id).sign(payload))
            cluster.step(try Self.option(options, "to"), .message(from: id, .viewChange(change)))
        case "new-view":
            let replica = try Self.option(options, "to")
            let view = Int64(try Self.option(options, "view"))
            lastNewView = (replica, view, cluster.core(replica).counters.messagesRejected)
            let (from, message) = try Self.forgeNewView(cluster, view: view, options: options, flags: flags)
            cluster.step(replica, .message(from: from, message))
        case "expect":
            return try expect(Array(words.dropFirst()), cluster)
        default:
            throw Failure(description: "\(name): unknown command \(words[0])")
        }
        return nil
    }

    func expect(_ words: [String], _ cluster: ScriptedCluster) throws -> String? {
        func replicas(_ word: String) throws -> [Int] {
            word == "all" ? Array(cluster.ids.indices) : [try Self.integer([word], 0)]
        }
        switch words.first {
        case "accepted", "refused":
            guard let last = lastNewView else { throw Failure(description: "\(name): no new view sent") }
            let core = cluster.core(last.replica)
            let accepted = core.counters.messagesRejected == last.rejectedBefore && core.hardState.view == last.view
            return accepted == (words[0] == "accepted") ? nil : "the new view was \(accepted ? "accepted" : "refused")"
        case "view":
            let expected = Int64(try Self.integer(words, 2))
            for index in try replicas(words[1]) where cluster.core(index).hardState.view != expected {
                return "replica \(index) is in view \(cluster.core(index).hardState.view)"
            }
        case "committed":
            // N exactly, or N+ for at least N (delivering until quiet keeps committing heights).
            let atLeast = words.count > 2 && words[2].hasSuffix("+")
            let expected = try Self.integer(atLeast ? [String(words[2].dropLast())] : words, atLeast ? 0 : 2)
            for index in try replicas(words[1]) {
                let count = cluster.simulator.replicas[index].committed.count
                guard atLeast ? count < expected : count != expected else { continue }
                return "replica \(index) committed \(count) blocks"
            }
        case "committed-prepared":
            for index in try replicas(words[1]) where cluster.committedHashes(index).first != preparedHash {
                return "replica \(index) did not commit the prepared block"
            }
        case "prepared":
            for index in try replicas(words[1]) where cluster.core(index).hardState.preparedCertificate == nil {
                return "replica \(index) holds no prepared certificate"
            }
        default:
            throw Failure(description: "\(name): unknown expectation \(words)")
        }
        return nil
    }

    /// The message kind named in scenarios.
    static func kind(of message: ConsensusMessage) -> String {
        switch message {
        case .proposal: "proposal"
        case .prepare: "prepare"
        case .commit: "commit"
        case .viewChange: "view-change"
        case .newView: "new-view"
        case .decided: "decided"
        }
    }

    /// A new view from the primary of `view` at height 1, as the options and flags describe.
    static func forgeNewView(_ cluster: ScriptedCluster, view: Int64, options: [String: String],
                             flags: Set<String>) throws -> (String, ConsensusMessage) {
        let configuration = cluster.simulator.configuration
        let reference = cluster.core(0)
        let tip = reference.tip
        func primary(_ view: Int64) -> PrimaryExplanation {
            PrimarySelection.explain(table: tip.scores, genesisHash: configuration.genesisHash, height: 1, view: view,
                                     faultsTolerated: configuration.faultsTolerated, hash: configuration.hash)
        }
        var senders = Array(cluster.ids.prefix(try option(options, "changes")))
        if flags.contains("duplicate-sender"), senders.count > 1 { senders[senders.count - 1] = senders[0] }
        var changes: [ViewChange] = []
        for (position, id) in senders.enumerated() {
            var certificate: PreparedCertificate?
            switch options["prepared"] ?? "none" {
            case "highest": certificate = cluster.core(cluster.index(of: id)).hardState.preparedCertificate
            case "short":
                if let full = cluster.core(cluster.index(of: id)).hardState.preparedCertificate {
                    certificate = PreparedCertificate(view: full.view, block: full.block, blockHash: full.blockHash,
                                                      prepares: Array(full.prepares.prefix(configuration.quorum - 1)))
                }
            default: certificate = nil
            }
            let last = position == senders.count - 1
            let changeView = last && flags.contains("wrong-view") ? view + 1 : view
            let payload = ViewChange.payload(chainID: configuration.chainID, height: 1, newView: changeView,
                                             prepared: certificate.map { ($0.view, $0.blockHash) })
            var signature = StandInSigner(validatorID: id).sign(payload)
            if last && flags.contains("bad-signature") { signature[0] ^= 1 }
            changes.append(ViewChange(height: 1, newView: changeView, preparedCertificate: certificate, senderID: id, signature: signature))
        }
        let proposer = primary(view).primaryID
        let block: Block
        switch options["block"] ?? "fresh" {
        case "prepared":
            guard let certificate = changes.compactMap(\.preparedCertificate).max(by: { $0.view < $1.view }) else {
                throw Failure(description: "block=prepared needs a prepared certificate")
            }
            block = certificate.block
        case let kind:
            let headerView = kind == "stale" ? 0 : view
            let template = ProposalTemplate(
                height: 1, view: headerView, previousHash: tip.blockHash, proposerID: primary(headerView).primaryID,
                failedViewPrimaries: primary(headerView).excludedValidatorIDs, creditScoreTableHash: tip.scores.hash(configuration.hash),
                previousCommitCertificate: tip.certificate, timestampMsMin: tip.timestampMs + 1)
            block = cluster.simulator.packBlock(template, salt: 7)
        }
        let hash = configuration.hash(block.header.canonicalBytes)
        let payload = Proposal.payload(chainID: configuration.chainID, height: 1, view: view, blockHash: hash)
        let proposal = Proposal(view: view, block: block, proposerID: proposer, signature: StandInSigner(validatorID: proposer).sign(payload))
        return (proposer, .newView(NewView(proposal: proposal, justification: changes)))
    }

    static func integer(_ words: [String], _ index: Int) throws -> Int {
        guard index < words.count, let value = Int(words[index]) else { throw Failure(description: "expected a number in \(words)") }
        return value
    }

    static func option(_ options: [String: String], _ key: String) throws -> Int {
        guard let text = options[key], let value = Int(text) else { throw Failure(description: "missing \(key)=N") }
        return value
    }
}
