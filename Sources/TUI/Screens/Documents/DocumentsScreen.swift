import Canonical
import EmbeddedNode
import Workflow

/// Documents: anchor a file's SHA-256 under a key (after a confirmation restating file, key and
/// hash, Cancel focused), check a file against the chain (match, mismatch or not anchored, in
/// words), and export the proof of a committed transaction to a file for offline checking.
public struct DocumentsScreen: Screen {
    /// The fields, in order.
    public enum Field: Int, Sendable, CaseIterable {
        /// The document's path.
        case path
        /// The anchor key.
        case key
        /// The transaction whose proof is exported (filled in after anchoring).
        case transactionHash
        /// Where the proof file goes.
        case proofPath
    }

    /// What the screen's keys do.
    public enum Action: Sendable {
        /// Anchor the file's hash under the key.
        case anchor
        /// Check the file against the key.
        case verify
        /// Export the transaction's proof.
        case exportProof
        /// Next field.
        case next
        /// Previous field.
        case previous
        /// Leave.
        case back
    }

    /// The screen's keys (F-keys and Ctrl keys only: the fields take text).
    public static let keyTable = KeyTable<Action>(scope: "documents", [
        KeyBinding([.function(2), .control("a")], .anchor, Bilingual("存证", "anchor")),
        KeyBinding([.function(3), .control("k")], .verify, Bilingual("核验", "verify")),
        KeyBinding([.function(4), .control("e")], .exportProof, Bilingual("导出证明", "export proof")),
        KeyBinding([.tab, .down], .next, Bilingual("下一栏", "next field")),
        KeyBinding([.backTab, .up], .previous, Bilingual("上一栏", "previous field"), hinted: false),
        KeyBinding([.escape], .back, Bilingual("返回", "back")),
    ])

    /// Width of a field's box, in columns.
    static let fieldColumns = 48

    /// The language to speak.
    public let language: Language
    /// The fields' editors, by `Field`.
    public private(set) var editors = Field.allCases.map { field in
        LineEditor(charactersMax: field == .transactionHash ? 64 : (field == .key ? TransactionPayload.anchorKeyBytesMax : 400),
                   widthColumns: DocumentsScreen.fieldColumns)
    }
    /// The focused field.
    public private(set) var focus = Field.path
    /// The key and hash waiting for confirmation, with its dialog.
    public private(set) var pending: (dialog: Dialog, key: String, sha256: [UInt8])?
    /// The last result, in words, one line each.
    public private(set) var result: [Bilingual] = []
    /// Whether work was sent and its reply has not come back.
    public private(set) var isBusy = false
    /// The message line.
    public private(set) var message: Bilingual?

    /// Creates the screen with empty fields.
    public init(language: Language) { self.language = language }

    /// The text of `field`.
    public func text(_ field: Field) -> String { editors[field.rawValue].text.trimmingWhitespace }

    public var breadcrumb: Bilingual { Bilingual("文件存证", "Documents") }
    public var keyHelp: [KeyHelp] { pending == nil ? Self.keyTable.help : Dialog.keyTable.help }
    public var hasUnsavedInput: Bool { false }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key): return handle(key)
        case .fileHashed(let path, let sha256):
            isBusy = false
            message = nil
            let key = text(.key)
            let hex = Hex.encode(sha256)
            func same(_ text: String) -> Bilingual { Bilingual(text, text) }
            pending = (Dialog(title: Bilingual("将文件哈希存证上链？", "Anchor the file's hash on chain?"),
                              facts: [Dialog.Fact(label: Bilingual("文件", "File"), value: same(path)),
                                      Dialog.Fact(label: Bilingual("存证键", "Key"), value: same(key)),
                                      Dialog.Fact(label: same("SHA-256"), value: same(hex))],
                              note: Bilingual("每个键只能存证一次，上链后不可撤销", "A key is anchored once; once on chain this cannot be undone"),
                              confirmLabel: Bilingual("存证", "Anchor")), key, sha256)
        case .documentAnchored(let key, let hash, let height):
            isBusy = false
            let hex = Hex.encode(hash)
            editors[Field.transactionHash.rawValue].setText(hex)
            message = Bilingual("已存证（区块 \(height)）", "Anchored (block \(height))")
            result = [Bilingual("已存证：键「\(key)」，区块 \(height)", "Anchored under \(key) in block \(height)"),
                      Bilingual("交易 \(hex)", "transaction \(hex)"),
                      Bilingual("按 F4 导出此交易的证明", "F4 exports this transaction's proof")]
        case .documentChecked(let check):
            isBusy = false
            message = nil
            result = check.words
        case .succeeded(let done):
            isBusy = false
            message = done
        case .refused(let why):
            isBusy = false
            message = Bilingual("未成功：\(why.chinese)", "Not done: \(why.english)")
        case .resize, .signedIn, .inboxLoaded, .blockCommitted, .statementRead, .reconciliationLoaded, .chainStatusLoaded, .blockFound, .primaryExplained,
             .consortiumLoaded, .tranchesLoaded, .draftLoaded, .readFailed: break
        }
        return []
    }

    private mutating func handle(_ key: Key) -> [TUIEffect] {
        if var open = pending {
            let pressed = open.dialog.update(key)
            pending = pressed == nil ? open : nil
            guard pressed == .confirm else { return [] }
            isBusy = true
            message = Bilingual("正在存证…", "Anchoring…")
            return [.anchorDocument(key: open.key, sha256: open.sha256)]
        }
        guard !isBusy || Self.keyTable.action(for: key) == .back else { return [] }
        switch Self.keyTable.action(for: key) {
        case .anchor:
            guard require([.path, .key]) else { return [] }
            return start(.hashFile(path: text(.path)), Bilingual("正在计算文件的 SHA-256…", "Hashing the file…"))
        case .verify:
            guard require([.path, .key]) else { return [] }
            return start(.verifyDocument(path: text(.path), key: text(.key)), Bilingual("正在核验…", "Checking…"))
        case .exportProof:
            guard require([.transactionHash, .proofPath]) else { return [] }
            guard let hash = Hex.decode(text(.transactionHash).lowercased()), hash.count == 32 else {
                focus = .transactionHash
                message = Bilingual("「交易哈希」：应为 64 位十六进制数字", "Transaction hash: 64 hex digits expected")
                return []
            }
            return start(.exportProof(transactionHash: hash, path: text(.proofPath)), Bilingual("正在导出证明…", "Exporting the proof…"))
        case .next: focus = Field(rawValue: (focus.rawValue + 1) % Field.allCases.count) ?? .path
        case .previous: focus = Field(rawValue: (focus.rawValue + Field.allCases.count - 1) % Field.allCases.count) ?? .path
        case .back: return [.back]
        case nil: _ = editors[focus.rawValue].update(key)
        }
        return []
    }

    private mutating func start(_ effect: TUIEffect, _ notice: Bilingual) -> [TUIEffect] {
        isBusy = true
        result = []
        message = notice
        return [effect]
    }

    /// Whether `fields` are filled in; otherwise focuses the first empty one and says so.
    private mutating func require(_ fields: [Field]) -> Bool {
        guard let empty = fields.first(where: { text($0).isEmpty }) else { return true }
        focus = empty
        let label = Self.label(empty)
        message = Bilingual("「\(label.chinese)」：必填", "\(label.english): required")
        return false
    }

    /// A field's label.
    static func label(_ field: Field) -> Bilingual {
        switch field {
        case .path: Bilingual("文件路径", "File path")
        case .key: Bilingual("存证键", "Anchor key")
        case .transactionHash: Bilingual("交易哈希", "Transaction hash")
        case .proofPath: Bilingual("证明文件", "Proof file")
        }
    }

    /// Draws the fields, what each key does, the last result and the open confirmation.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        buffer.write(l.pick("文件存证：存证（F2）、核验（F3）、导出证明（F4）", "Documents: anchor (F2), verify (F3), export a proof (F4)"),
                     row: 0, column: 2, style: .bold)
        let rows: [Field: Int] = [.path: 2, .key: 3, .transactionHash: 5, .proofPath: 6]
        for field in Field.allCases {
            let row = rows[field] ?? 0
            let isFocused = focus == field && pending == nil
            if isFocused { buffer.write(">", row: row, column: 0, style: .bold) }
            buffer.write(Self.label(field)(l), row: row, column: 2, style: isFocused ? .bold : [])
            buffer.write("[", row: row, column: 19)
            editors[field.rawValue].render(into: &buffer, row: row, column: 20, isFocused: isFocused)
            buffer.write("]", row: row, column: 20 + Self.fieldColumns)
        }
        let note = l.pick("存证与核验用前两栏；导出证明用后两栏（存证后自动填入交易哈希）",
                          "F2 and F3 use the first two fields, F4 the last two (filled in on anchoring)")
        buffer.write(DisplayWidth.truncate(note, toColumns: buffer.columns - 4), row: 8, column: 2)
        for (offset, line) in result.enumerated() {
            buffer.write(DisplayWidth.truncate(line(l), toColumns: buffer.columns - 4), row: 10 + offset, column: 2, style: offset == 0 ? .bold : [])
        }
        if let pending {
            pending.dialog.render(into: &buffer, language: l)
            buffer.cursor = nil
        }
    }
}
