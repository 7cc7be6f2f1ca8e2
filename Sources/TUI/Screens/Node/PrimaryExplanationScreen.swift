import Canonical
import EmbeddedNode
import LedgerClient
import Workflow

/// "Why this primary" for one block (or the next height): the score table in force with each
/// validator's chance in every listed view's draw, then each view's seed, draw and primary, the
/// excluded validators and whether rotation applied. The node recomputed all of it from its
/// chain.
public struct PrimaryExplanationScreen: Screen {
    /// What the screen's keys do.
    public enum Action: Sendable {
        /// Leave.
        case back
    }

    /// The screen's keys.
    public static let keyTable = KeyTable<Action>(scope: "primaryExplanation", [
        KeyBinding([.escape], .back, Bilingual("返回", "back")),
    ])

    /// How many views get a chance column.
    static let viewColumnsMax = 3

    /// The language to speak.
    public let language: Language
    /// What the node explained.
    public let explanation: HeightPrimaryExplanation

    /// Creates the screen for `explanation`.
    public init(language: Language, explanation: HeightPrimaryExplanation) {
        self.language = language
        self.explanation = explanation
    }

    public var breadcrumb: Bilingual { Bilingual("主节点依据 \(explanation.height)", "Why primary \(explanation.height)") }
    public var keyHelp: [KeyHelp] { Self.keyTable.help }
    public var message: Bilingual? { nil }
    public var hasUnsavedInput: Bool { false }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        guard case .key(let key) = event, Self.keyTable.action(for: key) == .back else { return [] }
        return [.back]
    }

    /// The title: who proposed (or is drawn to propose) at this height, and in which view.
    func title() -> String {
        let l = language
        let why = explanation
        let primary = why.decidingView.primaryID
        return why.isCommitted
            ? l.pick("区块 \(why.height) 为何由 \(primary) 出块（视图 \(why.decidingView.view)）",
                     "Why \(primary) proposed block \(why.height) (view \(why.decidingView.view))")
            : l.pick("下一高度 \(why.height) 的主节点：\(primary)（视图 0，尚未出块）",
                     "Next height \(why.height): primary \(primary) (view 0, not yet committed)")
    }

    /// The table's rows: validator, score, then its chance in each listed view (— when excluded,
    /// * on the chosen primary).
    func tableRows() -> [String] {
        let l = language
        let views = Array(explanation.views.prefix(Self.viewColumnsMax))
        let chances = views.map { Dictionary(uniqueKeysWithValues: $0.probabilitiesPPM.map { ($0.validatorID, $0.ppm) }) }
        var rows = [BlockDetailScreen.pad(l.pick("验证节点", "Validator"), 20) + NodeStatusScreen.right(l.pick("信用分", "Score"), 8)
            + views.map { NodeStatusScreen.right(l.pick("视图 \($0.view) 概率", "view \($0.view) chance"), 16) }.joined()]
        for entry in explanation.scores.entries {
            var row = BlockDetailScreen.pad(entry.validatorID, 20) + NodeStatusScreen.right(PrimaryText.score(entry.score), 8)
            for (view, chance) in zip(views, chances) {
                let shown = view.excludedValidatorIDs.contains(entry.validatorID) ? "—" : PrimaryText.percent(ppm: chance[entry.validatorID] ?? 0)
                row += NodeStatusScreen.right(shown + (view.primaryID == entry.validatorID ? "*" : " "), 16)
            }
            rows.append(row)
        }
        return rows
    }

    /// Two lines per listed view: its seed, primary and outcome, then how the primary was chosen.
    func viewLines() -> [String] {
        let l = language
        return explanation.views.flatMap { view in
            let outcome = view.view == explanation.decidingView.view
                ? (explanation.isCommitted ? l.pick("出块", "committed") : l.pick("待定", "pending"))
                : l.pick("失败", "failed")
            return [l.pick("视图 \(view.view)：种子 ", "View \(view.view): seed ") + String(Hex.encode(view.seed).prefix(16)) + "… → "
                        + view.primaryID + l.pick("（\(outcome)）", " (\(outcome))"),
                    "  " + PrimaryText.method(view, l)]
        }
    }

    /// Draws the title, the seed's derivation, the table, the views and the summary.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        let width = buffer.columns - 4
        var row = 0
        func line(_ text: String, style: ScreenBuffer.Style = []) {
            guard row < buffer.rows else { return }
            buffer.write(DisplayWidth.truncate(text, toColumns: width), row: row, column: 2, style: style)
            row += 1
        }
        line(title(), style: .bold)
        line(l.pick("种子 = hash(\"\(PrimarySelection.seedDomainTag)\", 创世哈希, 高度, 视图)；f = \(explanation.faultsTolerated)",
                    "seed = hash(\"\(PrimarySelection.seedDomainTag)\", genesis hash, height, view); f = \(explanation.faultsTolerated)"))
        line(l.pick("信用分为高度 \(explanation.height) 生效的分数（由已提交区块重算，1.0000 为满分）",
                    "Scores in force at height \(explanation.height) (replayed from the chain; 1.0000 = full credit)"))
        row += 1
        for (index, text) in tableRows().enumerated() { line(text, style: index == 0 ? .bold : []) }
        row += 1
        for text in viewLines() { line(text) }
        let excluded = explanation.decidingView.excludedValidatorIDs
        line(l.pick("排除（本高度已失败）：", "Excluded (failed at this height): ") + (excluded.isEmpty ? l.pick("无", "none") : excluded.joined(separator: ", "))
             + l.pick(" · 轮换：", " · rotation: ") + (explanation.rotationApplied ? l.pick("是", "yes") : l.pick("否", "no")))
    }
}
