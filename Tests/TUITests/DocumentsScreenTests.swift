import Canonical
import EmbeddedNode
import Foundation
@testable import LedgerClient
import Testing
@testable import TUI
import Workflow
import WorkflowTestSupport

/// The documents screen through the shell, with effects run by `EffectRunner` against a
/// `FakeLedger`: anchoring after a confirmation, checking files in words, exporting a proof;
/// 80x24 snapshots in both languages.
@Suite struct DocumentsScreenTests {
    static let countyHQ = SignedInOrganisation(organisation: DemoConsortium.organisations[0], isDemo: true)
    static let document = "Fixtures/statements/icbc-utf8.csv"
    /// `sha256sum Fixtures/statements/icbc-utf8.csv`.
    static let documentSHA256 = "814ec86bb353794c20c2cb19b61950caded4f26dfc0962a5032e7772a104ec0f"
    static let otherDocument = "Fixtures/statements/malformed.csv"
    static let otherSHA256 = "57065de4b5ac4dca854dc8dbd036cf08b17b69dc06249e6fe07a5d214d3be565"

    /// The county HQ's shell on the documents screen.
    static func documentsShell(_ language: Language, chain: FakeChain = FakeChain()) async throws -> (Shell, FakeLedger, FakeChain) {
        let ledger = FakeLedger(chain: chain, organisationID: "county-hq")
        var shell = RoleScreenTests.signInShell(language)
        try await RoleScreenTests.run(shell.update(.signedIn(countyHQ)), on: ledger, &shell)
        #expect(RoleScreenTests.press([.function(9)], &shell).isEmpty)
        #expect(shell.stack.last is DocumentsScreen)
        return (shell, ledger, chain)
    }

    static func screen(_ shell: Shell) throws -> DocumentsScreen { try #require(shell.stack.last as? DocumentsScreen) }
    static func message(_ shell: Shell) -> String { RoleScreenTests.lines(shell)[22] }

    @Test(arguments: Language.allCases) func anchoringRestatesFileKeyAndHashThenFillsInTheTransaction(_ language: Language) async throws {
        var (shell, ledger, chain) = try await Self.documentsShell(language)
        #expect(RoleScreenTests.press([.function(2)], &shell).isEmpty)
        #expect(Self.message(shell) == language.pick(" 「文件路径」：必填", " File path: required"))
        let hashing = RoleScreenTests.press([.text(Self.document), .tab, .text("contract/XM2026000001"), .function(2)], &shell)
        guard case .hashFile(Self.document) = hashing.first else { throw TestFailure("no hashing: \(hashing)") }
        try await RoleScreenTests.run(hashing, on: ledger, &shell)
        let dialog = try #require(try Self.screen(shell).pending?.dialog)
        #expect(dialog.focus == .cancel)
        #expect(dialog.facts.map { $0.value.english } == [Self.document, "contract/XM2026000001", Self.documentSHA256])
        Snapshot.check(shell, "documents-anchor-confirm.\(language.rawValue)")
        #expect(RoleScreenTests.press([.escape], &shell).isEmpty, "Esc cancels")
        #expect(await chain.submitted.isEmpty)
        try await RoleScreenTests.run(RoleScreenTests.press([.function(2)], &shell), on: ledger, &shell)
        let anchoring = RoleScreenTests.press([.tab, .enter], &shell)
        guard case .anchorDocument("contract/XM2026000001", let sha256) = anchoring.first else { throw TestFailure("no anchoring: \(anchoring)") }
        #expect(Hex.encode(sha256) == Self.documentSHA256)
        try await RoleScreenTests.run(anchoring, on: ledger, &shell)
        #expect(await chain.anchors["contract/XM2026000001"].map(Hex.encode) == Self.documentSHA256)
        let transaction = try Self.screen(shell).text(.transactionHash)
        #expect(transaction.count == 64, "the anchoring transaction's hash is filled in for the proof")
        Snapshot.check(shell, "documents-anchored.\(language.rawValue)")

        try await RoleScreenTests.run(RoleScreenTests.press([.function(2)], &shell), on: ledger, &shell)
        try await RoleScreenTests.run(RoleScreenTests.press([.tab, .enter], &shell), on: ledger, &shell)
        #expect(Self.message(shell).contains("contract/XM2026000001"), "a key is anchored once: the chain's reason is shown")
    }

    @Test(arguments: Language.allCases) func aFileIsCheckedAgainstTheChainInWords(_ language: Language) async throws {
        let chain = FakeChain()
        _ = try await chain.submit(.anchorStore(key: "contract/XM2026000001", valueHash: Hex.decode(Self.documentSHA256)!), by: "county-hq")
        var (shell, ledger, _) = try await Self.documentsShell(language, chain: chain)
        try await RoleScreenTests.run(RoleScreenTests.press([.text(Self.document), .tab, .text("contract/XM2026000001"), .function(3)], &shell),
                                      on: ledger, &shell)
        #expect(try Self.screen(shell).result.first?.english.hasPrefix("MATCH: ") == true)
        try await RoleScreenTests.run(RoleScreenTests.press([.control("k")], &shell), on: ledger, &shell)
        #expect(try Self.screen(shell).result.first?.english.hasPrefix("MATCH: ") == true, "Ctrl-K checks as F3 does")
        var fresh = try await Self.documentsShell(language, chain: chain)
        try await RoleScreenTests.run(RoleScreenTests.press([.text(Self.otherDocument), .tab, .text("contract/XM2026000001"), .function(3)], &fresh.0),
                                      on: fresh.1, &fresh.0)
        #expect(try Self.screen(fresh.0).result.map(\.english) == [
            "MISMATCH: another document is anchored under contract/XM2026000001",
            "file:  \(Self.otherSHA256)", "chain: \(Self.documentSHA256)"])
        Snapshot.check(fresh.0, "documents-mismatch.\(language.rawValue)")
        try await RoleScreenTests.run(RoleScreenTests.press([.text("/2"), .function(3)], &fresh.0), on: fresh.1, &fresh.0)
        #expect(try Self.screen(fresh.0).result.first?.english == "NOT ANCHORED: the chain has no key contract/XM2026000001/2")
    }

    @Test func aProofIsWrittenToANewFileOnly() async throws {
        let chain = FakeChain()
        let block = NodeStatusScreenTests.block(1, [(sender: "county-hq", payload: .pressureAdd, outcome: .success([]))])
        let inclusion = InclusionProof(leafIndex: 0, leafCount: 1, path: [])
        let proof = TransactionProof(header: block.header, transaction: block.transactions[0], receipt: block.receipts[0],
                                     transactionInclusion: inclusion, receiptInclusion: inclusion, certificate: block.certificate)
        await chain.addProof(proof)
        var (shell, ledger, _) = try await Self.documentsShell(.english, chain: chain)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-documents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("proof.json").path
        _ = RoleScreenTests.press([.tab, .tab, .text("12zz"), .tab, .text(out), .function(4)], &shell)
        #expect(Self.message(shell) == " Transaction hash: 64 hex digits expected")
        #expect(try Self.screen(shell).focus == .transactionHash)
        _ = RoleScreenTests.press([.end] + Array(repeating: .backspace, count: 4) + [.text(Hex.encode(block.receipts[0].transactionHash))], &shell)
        let export = RoleScreenTests.press([.function(4)], &shell)
        guard case .exportProof(let hash, out) = export.first, hash == block.receipts[0].transactionHash else { throw TestFailure("no export: \(export)") }
        try await RoleScreenTests.run(export, on: ledger, &shell)
        #expect(try Self.screen(shell).message?.english == "Proof written to \(out) (block 1); check it offline with fundchain verify --proof")
        let written = try #require(FileManager.default.contents(atPath: out))
        #expect(try TransactionProof(fileData: written) == proof)
        try await RoleScreenTests.run(RoleScreenTests.press([.function(4)], &shell), on: ledger, &shell)
        #expect(try Self.screen(shell).message?.english == "Not done: Cannot write \(out) (it exists, or the folder is not writable)")
        #expect(FileManager.default.contents(atPath: out) == written, "the first proof file is untouched")
    }
}
