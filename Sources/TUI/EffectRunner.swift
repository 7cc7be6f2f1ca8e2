import Canonical
import EmbeddedNode
import Foundation
import LedgerClient
import Workflow

/// Runs the ledger effects screens ask for against a `Ledger` and turns the answers into the
/// events the screens read: the same code whichever node is behind the ledger.
public enum EffectRunner {
    /// How long a submission waits for its receipt.
    public static let receiptTimeout = Duration.seconds(30)

    /// The wall clock in UTC milliseconds: what "now" is for the ages of tranches.
    public static let wallClockMs: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

    /// The event answering `effect`, nil for effects that are not ledger work. `nowMs` is the
    /// moment snapshots are taken at (ages are measured to it).
    public static func run(_ effect: TUIEffect, on ledger: any Ledger, receiptTimeout: Duration = receiptTimeout,
                           nowMs: @Sendable () -> Int64 = wallClockMs) async -> TUIEvent? {
        switch effect {
        case .loadInbox: return await loadInbox(ledger)
        case .loadConsortium: return await answer { () async throws(LedgerError) in .consortiumLoaded(try await ledger.consortium()) }
        case .loadTranches: return await loadTranches(ledger, asOf: Timestamp(millisecondsSinceEpoch: nowMs()))
        case .loadDraft(let number): return await loadDraft(number, ledger, asOf: Timestamp(millisecondsSinceEpoch: nowMs()))
        case .fileApplication(let application):
            let name = application.projectName
            return await submit(.fileApplication(application), on: ledger, timeout: receiptTimeout,
                                success: Bilingual("申请「\(name)」已上链，等待省办审批", "Application \"\(name)\" is on chain, awaiting the provincial office"))
        case .submit(let command, let success):
            return await submit(command, on: ledger, timeout: receiptTimeout, success: success)
        case .readStatement(let path, let bankID, let account):
            return .statementRead(StatementReading.read(path: path, bankID: bankID, account: account))
        case .publishStatement(let reading):
            return await publish(reading, on: ledger, timeout: receiptTimeout)
        case .loadReconciliation:
            do {
                return .reconciliationLoaded(try await ReconciliationSnapshot.load(from: ledger))
            } catch {
                return .refused(Bilingual(rendering: error.message))
            }
        case .loadChainStatus:
            do {
                return .chainStatusLoaded(try await ChainStatus.load(from: ledger))
            } catch {
                return .refused(Bilingual(rendering: error.message))
            }
        case .findBlock(let query):
            return await findBlock(query, on: ledger)
        case .explainPrimary(let height):
            return await answer { () async throws(LedgerError) in
                guard let explanation = try await ledger.primaryExplanation(height: height) else {
                    return .refused(Bilingual("节点无法说明高度 \(height ?? 0) 的主节点", "The node cannot explain the primary of height \(height ?? 0)"))
                }
                return .primaryExplained(explanation)
            }
        case .hashFile(let path):
            guard let sha256 = Documents.sha256(ofFile: path) else { return .refused(Documents.unreadable(path)) }
            return .fileHashed(path: path, sha256: sha256)
        case .anchorDocument(let key, let sha256):
            return await Documents.anchor(key: key, sha256: sha256, on: ledger, timeout: receiptTimeout)
        case .verifyDocument(let path, let key):
            return await Documents.verify(path: path, key: key, on: ledger)
        case .exportProof(let hash, let path):
            return await Documents.exportProof(hash, to: path, on: ledger)
        default: return nil
        }
    }

    /// The inbox with the projects its items name.
    static func loadInbox(_ ledger: any Ledger) async -> TUIEvent {
        do {
            let items = try await ledger.inbox()
            var projects: [Project] = []
            for id in items.compactMap(\.projectID) where !projects.contains(where: { $0.id == id }) {
                if let project = try await ledger.project(id) { projects.append(project) }
            }
            return .inboxLoaded(InboxSnapshot(items: items, projects: projects))
        } catch {
            return .readFailed(Bilingual(rendering: error.message))
        }
    }

    /// The drafts the organisation takes part in, with their projects.
    static func loadTranches(_ ledger: any Ledger, asOf: Timestamp) async -> TUIEvent {
        await answer { () async throws(LedgerError) in
            let drafts = try await ledger.draftsInvolvingMe()
            var projects: [Project] = []
            for draft in drafts where !projects.contains(where: { $0.id == draft.projectID }) {
                if let project = try await ledger.project(draft.projectID) { projects.append(project) }
            }
            return .tranchesLoaded(TranchesSnapshot(drafts: drafts, projects: projects, asOf: asOf))
        }
    }

    /// One draft with its project; a number the chain does not know is said in words.
    static func loadDraft(_ number: String, _ ledger: any Ledger, asOf: Timestamp) async -> TUIEvent {
        await answer { () async throws(LedgerError) in
            guard let draft = try await ledger.draft(number) else {
                return .readFailed(Bilingual("链上没有数字汇票 \(number)", "The chain has no draft \(number)"))
            }
            return .draftLoaded(DraftSnapshot(draft: draft, project: try await ledger.project(draft.projectID), asOf: asOf))
        }
    }

    /// The event `read` makes, or `.readFailed` with the ledger's error in words.
    private static func answer(_ read: () async throws(LedgerError) -> TUIEvent) async -> TUIEvent {
        do {
            return try await read()
        } catch {
            return .readFailed(Bilingual(rendering: error.message))
        }
    }

    /// Submits `command` and waits for its receipt: `.succeeded` with `success` and the block
    /// height, or `.refused` with the admission's or the receipt's reason in words.
    static func submit(_ command: WorkflowCommand, on ledger: any Ledger, timeout: Duration, success: Bilingual) async -> TUIEvent {
        do {
            let receipt = try await ledger.submitAndWait(.workflow(command), timeout: timeout)
            switch receipt.outcome {
            case .success:
                return .succeeded(Bilingual("\(success.chinese)（区块 \(receipt.height)）", "\(success.english) (block \(receipt.height))"))
            case .failure(let reason):
                return .refused(Bilingual(rendering: reason.message))
            }
        } catch {
            return .refused(Bilingual(rendering: error.message))
        }
    }

    /// Publishes a statement's parts in order, each waiting for its receipt; stops at the first
    /// refusal, saying which part (earlier parts stay on chain and the statement shows pending).
    static func publish(_ reading: StatementReading, on ledger: any Ledger, timeout: Duration) async -> TUIEvent {
        let commands = reading.commands
        precondition(!commands.isEmpty, "only a statement that parsed is published")
        var accepted = 0
        var alreadyKnown = 0
        for (index, command) in commands.enumerated() {
            let part = commands.count == 1 ? Bilingual("", "") : Bilingual("第 \(index + 1)/\(commands.count) 部分：", "part \(index + 1)/\(commands.count): ")
            do {
                let receipt = try await ledger.submitAndWait(.workflow(command), timeout: timeout)
                switch receipt.outcome {
                case .success(let events):
                    for case .bankRecordsPublished(let new, let known) in events {
                        accepted += new
                        alreadyKnown += known
                    }
                case .failure(let reason):
                    return .refused(Bilingual("\(part.chinese)\(reason.message(.chinese))", "\(part.english)\(reason.message(.english))"))
                }
            } catch {
                return .refused(Bilingual("\(part.chinese)\(error.message(.chinese))", "\(part.english)\(error.message(.english))"))
            }
        }
        return .succeeded(Bilingual("对账单已上链：新增 \(accepted) 笔，已有 \(alreadyKnown) 笔", "Statement on chain: \(accepted) new records, \(alreadyKnown) already known"))
    }

    /// The block `query` names: a height in digits, or a hash in 64 hex digits.
    static func findBlock(_ query: String, on ledger: any Ledger) async -> TUIEvent {
        let text = query.trimmingWhitespace.foldingFullWidth
        do {
            if let height = Int64(text), height >= 1 {
                guard let block = try await ledger.block(height: height) else {
                    return .refused(Bilingual("没有高度为 \(height) 的区块", "No block at height \(height)"))
                }
                return .blockFound(block)
            }
            if text.count == 64, let hash = Hex.decode(text.lowercased()) {
                guard let block = try await ledger.block(hash: hash) else {
                    return .refused(Bilingual("没有哈希为 \(text.prefix(16))… 的区块", "No block with hash \(text.prefix(16))…"))
                }
                return .blockFound(block)
            }
            return .refused(Bilingual("「查找区块」：请输入区块高度（正整数）或 64 位十六进制哈希",
                                      "Find block: type a height (a whole number from 1) or a 64-digit hex hash"))
        } catch {
            return .refused(Bilingual(rendering: error.message))
        }
    }
}

