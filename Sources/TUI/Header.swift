import Workflow

/// The top row: product, signed-in organisation and kind, node (local/remote), height and
/// sync state.
public struct Header: Sendable, Equatable {
    /// Where the node runs.
    public enum Node: Sendable, Equatable {
        /// Inside this process (the embedded default or `--config`).
        case local
        /// Reached over JSON-RPC (`--connect`), with its address.
        case remote(String)
    }

    /// The organisation signed in: its name and kind; nil before sign-in.
    public var organisation: Organisation?
    /// Whether the signed-in key is a demo key (marked in the header: it protects nothing).
    public var isDemo: Bool
    /// Where the node runs.
    public var node: Node
    /// The chain's committed height, nil until known.
    public var height: Int64?
    /// Whether the node is catching up with its peers.
    public var isSyncing: Bool

    /// Creates a header.
    public init(organisation: Organisation? = nil, isDemo: Bool = false, node: Node = .local, height: Int64? = nil, isSyncing: Bool = false) {
        self.organisation = organisation
        self.isDemo = isDemo
        self.node = node
        self.height = height
        self.isSyncing = isSyncing
    }

    /// Left part: product and organisation, a demo key marked before the name so that
    /// truncation never hides it ("FundChain 扶贫资金链 · ［演示］黔东县财政局（县财政局）").
    public func leftText(_ l: Language) -> String {
        let demo = isDemo ? l.pick("［演示］", "[demo] ") : ""
        let who = organisation.map { "\(demo)\($0.name)\(l.pick("（", " ("))\($0.kind.name(l))\(l.pick("）", ")"))" } ?? l.pick("未登录", "not signed in")
        return l.pick("FundChain 扶贫资金链", "FundChain") + " · " + who
    }

    /// Right part: node, height and sync state ("本机节点 · 高度 42 · 已同步").
    public func rightText(_ l: Language) -> String {
        var parts: [String]
        switch node {
        case .local: parts = [l.pick("本机节点", "local node")]
        case .remote(let address): parts = [l.pick("远程节点 ", "remote node ") + address]
        }
        if let height {
            parts.append(l.pick("高度 \(height)", "height \(height)"))
            parts.append(isSyncing ? l.pick("同步中", "syncing") : l.pick("已同步", "in sync"))
        }
        return parts.joined(separator: " · ")
    }

    /// Draws the header across `row` in reverse video; the right part wins when space is short.
    public func render(into buffer: inout ScreenBuffer, row: Int, language l: Language) {
        buffer.fillRow(row, style: .reverse)
        let right = DisplayWidth.truncate(rightText(l), toColumns: max(0, buffer.columns / 2 - 1))
        let rightColumn = buffer.columns - 1 - DisplayWidth.of(right)
        buffer.write(DisplayWidth.truncate(leftText(l), toColumns: max(0, rightColumn - 3)), row: row, column: 1, style: .reverse)
        buffer.write(right, row: row, column: rightColumn, style: .reverse)
    }
}
