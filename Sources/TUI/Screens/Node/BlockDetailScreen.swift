import Canonical
import EmbeddedNode
import LedgerClient
import Workflow

/// One block in full: its header fields, its transactions with kind, sender and receipt
/// (success, or the reason it failed), and the validators who signed its commit certificate.
/// F7 asks the node why this block's proposer was its primary.
public struct BlockDetailScreen: Screen {
    /// What the screen's own keys do (the list's keys move through the transactions).
    public enum Action: Sendable {
        /// Show why this block's proposer was the primary.
        case explainPrimary
        /// Leave.
        case back
    }

    /// The screen's keys.
    public static let keyTable = KeyTable<Action>(scope: "blockDetail", [
        KeyBinding([.function(7), .text("w")], .explainPrimary, Bilingual("为何由此主节点出块", "why this primary")),
        KeyBinding([.escape], .back, Bilingual("返回", "back")),
    ])

    /// The row where the transaction list starts, and the rows it takes with its status line.
    static let listRow = 8
    static let listRows = 6

    /// The language to speak.
    public let language: Language
    /// The block shown.
    public let block: BlockDetail
    /// The transactions' list.
    public private(set) var list: ListView

    /// Creates the screen for `block`.
    public init(language: Language, block: BlockDetail) {
        self.language = language
        self.block = block
        self.list = ListView(items: [], pageRows: Self.listRows - 1)
        list.setItems(block.transactions.indices.map(row))
    }

    public var breadcrumb: Bilingual { Bilingual("区块 \(block.height)", "Block \(block.height)") }
    public var keyHelp: [KeyHelp] { Self.keyTable.help + ListView.keyTable.help }
    public var message: Bilingual? { nil }
    public var hasUnsavedInput: Bool { false }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key):
            switch Self.keyTable.action(for: key) {
            case .back: return [.back]
            case .explainPrimary: return [.explainPrimary(height: block.height)]
            case nil: _ = list.update(key)
            }
        case .primaryExplained(let explanation) where explanation.height == block.height:
            return [.open(PrimaryExplanationScreen(language: language, explanation: explanation))]
        default: break
        }
        return []
    }

    /// What a transaction does, in words.
    func kind(_ payload: TransactionPayload) -> String {
        let l = language
        switch payload {
        case .workflow(let command): return command.name.name(l)
        case .anchorStore(let key, _): return l.pick("存证 ", "anchor ") + key
        case .pressureAdd: return l.pick("压力测试计数", "pressure test count")
        case .rotateKey: return l.pick("轮换本机构密钥", "rotate own key")
        case .revokeKey(let organisation): return l.pick("吊销密钥 ", "revoke key of ") + organisation
        case .setKey(let organisation, _): return l.pick("设置密钥 ", "set key of ") + organisation
        case .governancePropose(let change): return l.pick("提议：", "propose: ") + change.summary(l)
        case .governanceApprove(let proposalID): return l.pick("批准提案 ", "approve proposal ") + "\(proposalID)"
        }
    }

    /// A receipt's outcome, in words.
    func outcome(_ receipt: Receipt) -> String {
        switch receipt.outcome {
        case .success: language.pick("成功", "succeeded")
        case .failure(let reason): language.pick("失败：", "failed: ") + reason.message(language)
        }
    }

    /// One transaction as a row: position, sender, kind, outcome.
    func row(_ index: Int) -> String {
        let transaction = block.transactions[index]
        return Self.pad("#\(index)", 5) + Self.pad(transaction.body.senderID, 19) + Self.pad(kind(transaction.body.payload), 26)
            + outcome(block.receipts[index])
    }

    /// `text` cut to `columns - 1` and padded to `columns`.
    static func pad(_ text: String, _ columns: Int) -> String {
        DisplayWidth.pad(DisplayWidth.truncate(text, toColumns: columns - 1), toColumns: columns)
    }

    /// Draws the header, the transactions and the selected one's hash and outcome, and the
    /// certificate's signers.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        let header = block.header
        let time = Timestamp(millisecondsSinceEpoch: header.timestampMs).isoText(utcOffsetMinutes: Timestamp.chinaStandardTimeOffsetMinutes)
        let facts: [(String, String)] = [
            (l.pick("哈希", "Hash"), Hex.encode(block.hash)),
            (l.pick("上一区块", "Previous"), Hex.encode(header.previousHash)),
            (l.pick("时间", "Time"), time + l.pick(" · 出块者 ", " · proposer ") + header.proposerID + l.pick(" · 视图 ", " · view ") + "\(header.view)"),
            (l.pick("交易根", "Tx root"), Hex.encode(header.transactionsRoot)),
            (l.pick("回执根", "Receipts"), Hex.encode(header.receiptsRoot)),
            (l.pick("状态哈希", "State"), Hex.encode(header.stateHash)),
        ]
        buffer.write(l.pick("区块 \(block.height)", "Block \(block.height)"), row: 0, column: 2, style: .bold)
        for (offset, (label, value)) in facts.enumerated() {
            let valueColumn = buffer.write(DisplayWidth.pad(label, toColumns: 10), row: 1 + offset, column: 2)
            buffer.write(DisplayWidth.truncate(value, toColumns: buffer.columns - valueColumn - 1), row: 1 + offset, column: valueColumn)
        }
        let count = block.transactions.count
        buffer.write(l.pick("交易 \(count) 笔", "\(count) transaction\(count == 1 ? "" : "s")"), row: Self.listRow - 1, column: 2, style: .bold)
        var area = ScreenBuffer(columns: buffer.columns - 2, rows: Self.listRows)
        list.render(into: &area, language: l)
        buffer.paste(area, row: Self.listRow, column: 2)
        var row = Self.listRow + Self.listRows
        if count > 0 {
            let index = list.selectedIndex
            buffer.write(DisplayWidth.truncate(l.pick("交易哈希 ", "Tx hash ") + Hex.encode(block.receipts[index].transactionHash), toColumns: buffer.columns - 4),
                         row: row, column: 2)
            buffer.write(DisplayWidth.truncate(l.pick("回执 ", "Receipt ") + outcome(block.receipts[index]), toColumns: buffer.columns - 4), row: row + 1, column: 2)
            row += 2
        }
        let signers = block.certificate.signatures.map(\.validatorID).joined(separator: ", ")
        let certificate = l.pick("提交证书：视图 \(block.certificate.view)，\(block.certificate.signatures.count) 个签名（\(signers)）",
                                 "Commit certificate: view \(block.certificate.view), \(block.certificate.signatures.count) signature(s) (\(signers))")
        buffer.write(DisplayWidth.truncate(certificate, toColumns: buffer.columns - 4), row: row + 1, column: 2)
    }
}
