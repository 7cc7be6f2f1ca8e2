import Canonical
import EmbeddedNode
import LedgerClient
import Workflow

/// Node status and the block explorer: the chain, the node and its validator identity, height,
/// sync state, mempool, peers and the current primary; the validators' panel (score, chance in
/// the next height's draw, failed views led and last block proposed in the recent window);
/// then the newest blocks. Enter opens a block; `/` finds one by height or hash; F7 shows why
/// the next primary is who it is. Read again whenever a block commits.
public struct NodeStatusScreen: Screen {
    /// What the screen's keys do.
    public enum Action: Sendable {
        /// Open the selected block.
        case open
        /// Find a block by height or hash.
        case find
        /// Show why the next height's primary is who it is.
        case explainPrimary
        /// Read again.
        case refresh
        /// Leave.
        case back
    }

    /// The screen's keys.
    public static let keyTable = KeyTable<Action>(scope: "nodeStatus", [
        KeyBinding([.enter], .open, Bilingual("查看区块", "open the block")),
        KeyBinding([.function(6), .text("/")], .find, Bilingual("按高度或哈希查找区块", "find a block by height or hash")),
        KeyBinding([.function(7), .text("w")], .explainPrimary, Bilingual("下一主节点的依据", "why the next primary"), hinted: false),
        KeyBinding([.function(5), .text("r")], .refresh, Bilingual("刷新", "refresh")),
        KeyBinding([.escape], .back, Bilingual("返回", "back")),
    ])

    /// The row where the block list starts when there is no validators' panel.
    static let listRowWithoutPanel = 8
    /// The row where the validators' panel starts.
    static let panelRow = 7

    /// The row where the block list starts: below the validators' panel when there is one.
    var listRow: Int {
        guard let validators = status?.nextPrimary?.scores.entries.count else { return Self.listRowWithoutPanel }
        return Self.panelRow + 2 + validators + 2
    }

    /// The language to speak.
    public let language: Language
    /// The last status read, nil until the first arrives.
    public private(set) var status: ChainStatus?
    /// The blocks' list.
    public private(set) var list = ListView(items: [], pageRows: 10)
    /// The height or hash being typed, while finding.
    public private(set) var query: LineEditor?
    /// The message line.
    public private(set) var message: Bilingual?
    /// The rows of the screen's area.
    private var contentRows = 0

    /// Creates the screen; its status arrives with `.chainStatusLoaded` (open it together with
    /// `.loadChainStatus`).
    public init(language: Language) { self.language = language }

    public var breadcrumb: Bilingual { Bilingual("节点与区块", "Node and blocks") }
    public var keyHelp: [KeyHelp] { Self.keyTable.help + ListView.keyTable.help }
    public var hasUnsavedInput: Bool { false }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key): return query == nil ? handle(key) : find(key)
        case .chainStatusLoaded(let loaded):
            status = loaded
            list.setItems(loaded.recentBlocks.map(row))
            list.resize(rows: max(2, contentRows - listRow - 1))
        case .resize(_, let rows):
            contentRows = rows
            list.resize(rows: max(2, rows - listRow - 1))
        case .blockCommitted: return [.loadChainStatus]
        case .blockFound(let block):
            message = nil
            return [.open(BlockDetailScreen(language: language, block: block))]
        case .primaryExplained(let explanation) where !explanation.isCommitted:
            return [.open(PrimaryExplanationScreen(language: language, explanation: explanation))]
        case .refused(let reason): message = reason
        case .succeeded(let result): message = result
        case .signedIn, .inboxLoaded, .statementRead, .reconciliationLoaded, .fileHashed, .documentAnchored, .documentChecked,
             .consortiumLoaded, .tranchesLoaded, .draftLoaded, .readFailed, .primaryExplained: break
        }
        return []
    }

    private mutating func handle(_ key: Key) -> [TUIEffect] {
        switch Self.keyTable.action(for: key) {
        case .open:
            guard let status, !status.recentBlocks.isEmpty else { return [] }
            return [.open(BlockDetailScreen(language: language, block: status.recentBlocks[list.selectedIndex]))]
        case .find: query = LineEditor(charactersMax: 64, widthColumns: 44)
        case .explainPrimary: return [.explainPrimary(height: nil)]
        case .refresh: return [.loadChainStatus]
        case .back: return [.back]
        case nil: _ = list.update(key)
        }
        return []
    }

    private mutating func find(_ key: Key) -> [TUIEffect] {
        switch key {
        case .escape: query = nil
        case .enter:
            let text = query?.text ?? ""
            query = nil
            guard !text.trimmingWhitespace.isEmpty else { return [] }
            message = Bilingual("正在查找…", "Finding…")
            return [.findBlock(text)]
        default: _ = query?.update(key)
        }
        return []
    }

    /// One block as a row: height, time (China Standard Time), transactions, proposer, hash.
    func row(_ block: BlockDetail) -> String {
        let l = language
        let time = Timestamp(millisecondsSinceEpoch: block.header.timestampMs).isoText(utcOffsetMinutes: Timestamp.chinaStandardTimeOffsetMinutes)
        let count = l.pick("\(block.transactions.count) 笔", "\(block.transactions.count) tx")
        return Self.right("\(block.height)", 7) + "  " + String(time.prefix(19)).replacingOccurrences(of: "T", with: " ")
            + Self.right(count, 8) + "  " + DisplayWidth.pad(block.header.proposerID, toColumns: 18) + String(Hex.encode(block.hash).prefix(12))
    }

    /// Who the primary is: the next height's drawn primary when the node explained it, else
    /// the newest block's proposer.
    func primaryLine(_ status: ChainStatus) -> String {
        let l = language
        if let next = status.nextPrimary {
            return l.pick("下一主节点：", "Next primary: ") + next.decidingView.primaryID
                + l.pick("（高度 \(next.height) 视图 0，F7 查看依据）", " (height \(next.height), view 0; F7 shows why)")
        }
        return l.pick("当前主节点：", "Current primary: ") + (status.latestProposer.map { $0 + l.pick("（最新区块的出块者）", " (proposer of the newest block)") }
            ?? status.health.validatorID.map { $0 + l.pick("（唯一的验证节点）", " (the only validator)") } ?? "-")
    }

    /// The validators' panel: a title, column names, then per validator its score, its chance
    /// in the next height's view-0 draw (* on the drawn primary), the failed views it led and
    /// the newest block it proposed in the window.
    func validatorLines(_ next: HeightPrimaryExplanation) -> [String] {
        let l = language
        let window = next.activityWindowBlocks
        let chances = Dictionary(uniqueKeysWithValues: next.views[0].probabilitiesPPM.map { ($0.validatorID, $0.ppm) })
        let activity = Dictionary(uniqueKeysWithValues: next.activity.map { ($0.validatorID, $0) })
        var lines = [
            l.pick("验证节点 · 高度 \(next.height) 抽签概率 · 失败轮次与出块数：近 \(window) 块",
                   "Validators · chance in the draw for height \(next.height) · failures, blocks: last \(window)"),
            BlockDetailScreen.pad(l.pick("验证节点", "Validator"), 20) + Self.right(l.pick("信用分", "Score"), 8) + Self.right(l.pick("概率", "Chance"), 9)
                + Self.right(l.pick("失败轮次", "Failed views"), 14) + Self.right(l.pick("出块数", "Blocks"), 8) + "  " + l.pick("最近出块", "Last block"),
        ]
        for entry in next.scores.entries {
            let record = activity[entry.validatorID]
            let marker = entry.validatorID == next.decidingView.primaryID ? "*" : " "
            lines.append(BlockDetailScreen.pad(entry.validatorID, 20) + Self.right(PrimaryText.score(entry.score), 8)
                + Self.right(PrimaryText.percent(ppm: chances[entry.validatorID] ?? 0) + marker, 9)
                + Self.right("\(record?.failedViews ?? 0)", 14) + Self.right("\(record?.proposedBlocks ?? 0)", 8) + "  "
                + (record?.lastProposedHeight.map { "#\($0)" } ?? "—"))
        }
        return lines
    }

    /// `text` right-aligned in `columns`.
    static func right(_ text: String, _ columns: Int) -> String {
        String(repeating: " ", count: max(0, columns - DisplayWidth.of(text))) + text
    }

    /// Draws the node's facts, the block list and the find field.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        guard let status else {
            buffer.write(l.pick("正在读取节点状态…", "Reading the node's status…"), row: 0, column: 2)
            return
        }
        let health = status.health
        let role = health.validatorID.map { l.pick("验证节点 \($0)", "validator \($0)") } ?? l.pick("非验证节点", "not a validator")
        let sync = health.isSyncing ? l.pick("同步中", "syncing") : l.pick("已同步", "in sync")
        let tipTime = Timestamp(millisecondsSinceEpoch: health.tipTimeMs).isoText(utcOffsetMinutes: Timestamp.chinaStandardTimeOffsetMinutes)
        let lines = [
            l.pick("链 ", "Chain ") + health.chainID + " · " + l.pick("本节点：", "this node: ") + role,
            l.pick("高度 \(health.tipHeight) · \(sync) · 待打包交易 \(health.mempoolCount) 笔", "Height \(health.tipHeight) · \(sync) · \(health.mempoolCount) waiting in the mempool"),
            l.pick("最新区块 ", "Tip ") + String(Hex.encode(health.tipHash).prefix(16)) + "… · " + tipTime,
            health.peersExpected == 0
                ? l.pick("对等节点：无（单验证节点运行，组网尚未启用）", "Peers: none (a single validator runs; the peer network is not on yet)")
                : l.pick("对等节点：已连接 \(health.peersConnected)/\(health.peersExpected)", "Peers: \(health.peersConnected) of \(health.peersExpected) connected")
                    + (health.view.map { l.pick(" · 视图 \($0)", " · view \($0)") } ?? ""),
            primaryLine(status),
        ]
        buffer.write(l.pick("节点状态", "Node status"), row: 0, column: 2, style: .bold)
        for (offset, line) in lines.enumerated() {
            buffer.write(DisplayWidth.truncate(line, toColumns: buffer.columns - 4), row: 1 + offset, column: 2)
        }
        if let next = status.nextPrimary {
            for (offset, line) in validatorLines(next).enumerated() {
                buffer.write(DisplayWidth.truncate(line, toColumns: buffer.columns - 4), row: Self.panelRow + offset, column: 2,
                             style: offset < 2 ? .bold : [])
            }
        }
        buffer.write(l.pick("最近区块（Enter 查看，/ 按高度或哈希查找）", "Newest blocks (Enter opens, / finds by height or hash)"),
                     row: listRow - 1, column: 2, style: .bold)
        var area = ScreenBuffer(columns: buffer.columns - 2, rows: max(2, buffer.rows - listRow))
        list.render(into: &area, language: l)
        buffer.paste(area, row: listRow, column: 2)
        if let query {
            let row = buffer.rows - 1
            buffer.fillRow(row, style: [])
            let end = buffer.write(l.pick("查找区块（高度或哈希）：", "Find block (height or hash): "), row: row, column: 2, style: .bold)
            query.render(into: &buffer, row: row, column: end, isFocused: true)
        }
    }
}
