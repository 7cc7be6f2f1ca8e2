import EmbeddedNode
@testable import LedgerClient
import Testing
@testable import TUI
import Workflow
import WorkflowTestSupport

/// Node status and the block explorer through the shell, with effects run by `EffectRunner`
/// against a `FakeLedger` holding two made-up blocks; 80x24 snapshots in both languages.
@Suite struct NodeStatusScreenTests {
    static let auditor = SignedInOrganisation(organisation: DemoConsortium.organisations[8], isDemo: true)

    /// A block at `height` whose hashes are filled with a digit of the height, holding
    /// `transactions` with the given outcomes.
    static func block(_ height: Int64, _ transactions: [(sender: String, payload: TransactionPayload, outcome: Receipt.Outcome)]) -> BlockDetail {
        let filler = { (byte: UInt8) in [UInt8](repeating: byte, count: 32) }
        let hash = filler(UInt8(0x10 + height))
        let header = BlockHeader(chainID: "qiandong-demo", height: height, previousHash: filler(UInt8(0x10 + height - 1)),
                                 timestampMs: 1_795_305_600_000 + height * 2_000, proposerID: "provincial-office", view: 0,
                                 transactionsRoot: filler(0xAA), receiptsRoot: filler(0xBB), stateHash: filler(0xCC),
                                 validatorSetHash: filler(0xDD), creditScoreTableHash: filler(0xEE), failedViewPrimaries: [],
                                 previousCommitCertificate: nil)
        let bodies = transactions.map { TransactionBody(chainID: "qiandong-demo", senderID: $0.sender, nonce: 1, expiryHeight: 100,
                                                        timestampMs: 1_795_305_600_000, payload: $0.payload) }
        let receipts = transactions.enumerated().map { index, transaction in
            Receipt(transactionHash: filler(UInt8(0x30 + index)), height: height, index: index, outcome: transaction.outcome)
        }
        let certificate = CommitCertificate(height: height, view: 0, blockHash: hash,
                                            signatures: [ValidatorSignature(validatorID: "provincial-office", signature: [1, 2, 3])])
        return BlockDetail(hash: hash, header: header, transactions: bodies.map { Transaction(body: $0, signature: []) }, receipts: receipts,
                           blockEvents: [], certificate: certificate)!
    }

    static let health = LedgerHealth(chainID: "qiandong-demo", tipHeight: 2, tipHash: [UInt8](repeating: 0x12, count: 32),
                                     tipTimeMs: 1_795_305_604_000, mempoolCount: 3, validatorID: "provincial-office", isSyncing: false)

    /// The auditor's shell on the node status screen, over a chain of two blocks.
    static func statusShell(_ language: Language) async throws -> (Shell, FakeLedger) {
        let chain = FakeChain()
        await chain.addBlock(block(1, [(sender: "county-hq", payload: .anchorStore(key: "contract/XM2026000001", valueHash: [UInt8](repeating: 1, count: 32)),
                                        outcome: .success([]))]))
        await chain.addBlock(block(2, [
            (sender: "county-hq", payload: .workflow(.fileApplication(TestConsortium.application())), outcome: .success([.applicationFiled(projectID: "XM2026000001")])),
            (sender: "county-hq", payload: .workflow(.approveApplication(projectID: "XM2026000001", reservedFen: Fen(1), fundPlan: nil)),
             outcome: .failure(.workflow(.notPermitted(command: .approveApplication, kind: .countyHQ)))),
        ]))
        let ledger = FakeLedger(chain: chain, organisationID: "auditor", health: health)
        var shell = RoleScreenTests.signInShell(language)
        try await RoleScreenTests.run(shell.update(.signedIn(auditor)), on: ledger, &shell)
        let effects = RoleScreenTests.press([.function(8)], &shell)
        #expect(shell.stack.last is NodeStatusScreen)
        try await RoleScreenTests.run(effects, on: ledger, &shell)
        return (shell, ledger)
    }

    @Test(arguments: Language.allCases) func statusAndNewestBlocks(_ language: Language) async throws {
        let (shell, _) = try await Self.statusShell(language)
        let screen = try #require(shell.stack.last as? NodeStatusScreen)
        #expect(screen.status?.recentBlocks.map(\.height) == [2, 1], "newest first")
        #expect(screen.status?.latestProposer == "provincial-office")
        Snapshot.check(shell, "node-status.\(language.rawValue)")
    }

    @Test(arguments: Language.allCases) func aBlockShowsHeaderTransactionsReceiptsAndSigners(_ language: Language) async throws {
        var (shell, _) = try await Self.statusShell(language)
        _ = RoleScreenTests.press([.enter, .down], &shell)
        let screen = try #require(shell.stack.last as? BlockDetailScreen)
        #expect(screen.block.height == 2 && screen.list.selectedIndex == 1)
        Snapshot.check(shell, "block-detail.\(language.rawValue)")
        _ = RoleScreenTests.press([.escape], &shell)
        #expect(shell.stack.last is NodeStatusScreen)
    }

    @Test func slashFindsABlockByHeightOrHashAndSaysWhenThereIsNone() async throws {
        var (shell, ledger) = try await Self.statusShell(.english)
        var effects = RoleScreenTests.press([.text("/"), .text("1"), .enter], &shell)
        guard case .findBlock("1") = effects.first else { throw TestFailure("no search: \(effects)") }
        try await RoleScreenTests.run(effects, on: ledger, &shell)
        #expect((shell.stack.last as? BlockDetailScreen)?.block.height == 1)
        _ = RoleScreenTests.press([.escape], &shell)
        effects = RoleScreenTests.press([.text("/"), .text(String(repeating: "12", count: 32)), .enter], &shell)
        try await RoleScreenTests.run(effects, on: ledger, &shell)
        #expect((shell.stack.last as? BlockDetailScreen)?.block.height == 2, "by hash")
        _ = RoleScreenTests.press([.escape], &shell)
        try await RoleScreenTests.run(RoleScreenTests.press([.text("/"), .text("９"), .enter], &shell), on: ledger, &shell)
        #expect(shell.stack.last is NodeStatusScreen)
        #expect(RoleScreenTests.lines(shell)[22] == " No block at height 9", "full-width digits are read too")
        try await RoleScreenTests.run(RoleScreenTests.press([.text("/"), .text("abc"), .enter], &shell), on: ledger, &shell)
        #expect(RoleScreenTests.lines(shell)[22].hasPrefix(" Find block: type a height"))
        #expect(RoleScreenTests.press([.text("/"), .text("1"), .escape, .enter], &shell).isEmpty, "Esc closed the field without a search")
        #expect((shell.stack.last as? BlockDetailScreen)?.block.height == 2, "Enter opened the selected (newest) block")
    }

    static let validators = ["auditor", "commercial-bank", "provincial-finance", "provincial-office"]

    /// "Why this primary" at `height` through `view` over made-up scores, as the node computes it.
    static func explanation(height: Int64, view: Int64, committed: Bool) throws -> HeightPrimaryExplanation {
        let table = try CreditScoreTable(entries: zip(validators, [1_000_000, 421_875, 750_000, 984_375]).map {
            CreditScoreEntry(validatorID: $0, score: $1)
        })
        let genesisHash = [UInt8](repeating: 0x42, count: 32)
        let views = (0...view).map {
            PrimarySelection.explain(table: table, genesisHash: genesisHash, height: height, view: $0, faultsTolerated: 1, hash: SHA256Digest.hash)
        }
        let activity = zip(validators, [(3, 0, 2), (1, 2, 1), (0, 0, nil), (2, 1, 1)]).map {
            ValidatorActivity(validatorID: $0, proposedBlocks: Int64($1.0), failedViews: Int64($1.1), lastProposedHeight: $1.2.map(Int64.init))
        }
        return HeightPrimaryExplanation(height: height, isCommitted: committed, genesisHash: genesisHash, faultsTolerated: 1, views: views,
                                        activityWindowBlocks: 64, activity: activity)
    }

    /// The status shell over a chain whose node explains the next height (3) and block 2
    /// (committed in view 1).
    static func validatorsShell(_ language: Language) async throws -> (Shell, FakeLedger) {
        let chain = FakeChain()
        await chain.addExplanation(try explanation(height: 3, view: 0, committed: false))
        await chain.addExplanation(try explanation(height: 2, view: 1, committed: true))
        let ledger = FakeLedger(chain: chain, organisationID: "auditor", health: health)
        await chain.addBlock(block(1, []))
        await chain.addBlock(block(2, []))
        var shell = RoleScreenTests.signInShell(language)
        try await RoleScreenTests.run(shell.update(.signedIn(auditor)), on: ledger, &shell)
        try await RoleScreenTests.run(RoleScreenTests.press([.function(8)], &shell), on: ledger, &shell)
        return (shell, ledger)
    }

    @Test(arguments: Language.allCases) func validatorsPanelShowsScoresChancesAndRecentRecord(_ language: Language) async throws {
        let (shell, _) = try await Self.validatorsShell(language)
        let screen = try #require(shell.stack.last as? NodeStatusScreen)
        let next = try #require(screen.status?.nextPrimary)
        #expect(next.height == 3 && screen.listRow == 15)
        let lines = RoleScreenTests.lines(shell)
        let drawn = next.decidingView.primaryID
        let row = try #require(lines.first { $0.hasPrefix("  \(drawn) ") })
        #expect(row.contains("%*"), "the drawn primary is marked")
        #expect(lines.contains { $0.hasPrefix("  commercial-bank") && $0.contains("0.4218") && $0.contains("#1") })
        #expect(lines.contains { $0.hasPrefix("  provincial-finance") && $0.hasSuffix("—") }, "no block in the window")
        Snapshot.check(shell, "node-status-validators.\(language.rawValue)")
    }

    @Test(arguments: Language.allCases) func aBlockExplainsItsPrimary(_ language: Language) async throws {
        var (shell, ledger) = try await Self.validatorsShell(language)
        _ = RoleScreenTests.press([.enter], &shell)
        let effects = RoleScreenTests.press([.function(7)], &shell)
        guard case .explainPrimary(height: 2) = effects.first else { throw TestFailure("no explanation asked: \(effects)") }
        try await RoleScreenTests.run(effects, on: ledger, &shell)
        let screen = try #require(shell.stack.last as? PrimaryExplanationScreen)
        #expect(screen.explanation.height == 2 && screen.explanation.failedViews.count == 1)
        let lines = RoleScreenTests.lines(shell)
        #expect(lines.contains { $0.contains("—") }, "the failed primary is excluded from view 1")
        Snapshot.check(shell, "primary-explanation.\(language.rawValue)")
        _ = RoleScreenTests.press([.escape], &shell)
        #expect(shell.stack.last is BlockDetailScreen)
        _ = RoleScreenTests.press([.escape], &shell)
        try await RoleScreenTests.run(RoleScreenTests.press([.text("w")], &shell), on: ledger, &shell)
        #expect((shell.stack.last as? PrimaryExplanationScreen)?.explanation.isCommitted == false, "w explains the next height")
    }

    @Test(arguments: Language.allCases) func aNetworkedNodeShowsPeersConnectedOfExpectedAndItsView(_ language: Language) async throws {
        var networked = Self.health
        (networked.peersConnected, networked.peersExpected, networked.view) = (2, 3, 1)
        var shell = RoleScreenTests.signInShell(language)
        let ledger = FakeLedger(chain: FakeChain(), organisationID: "auditor", health: networked)
        try await RoleScreenTests.run(shell.update(.signedIn(Self.auditor)), on: ledger, &shell)
        try await RoleScreenTests.run(RoleScreenTests.press([.function(8)], &shell), on: ledger, &shell)
        let expected = language == .english ? "  Peers: 2 of 3 connected · view 1" : "  对等节点：已连接 2/3 · 视图 1"
        #expect(RoleScreenTests.lines(shell).contains(expected), "\(RoleScreenTests.lines(shell))")
    }

    @Test func aCommittedBlockReadsTheStatusAgain() async throws {
        var (shell, _) = try await Self.statusShell(.chinese)
        let effects = shell.update(.blockCommitted(height: 3))
        #expect(effects.contains { if case .loadChainStatus = $0 { true } else { false } })
    }
}
