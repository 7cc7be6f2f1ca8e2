import LedgerClient
import Workflow

/// A draft's holders as boxes and arrows in the grid: each holder a box with its name in the
/// top border, what it holds inside and where it stands in the bottom border ("待拨付",
/// "滞留!"), laid out in columns by how far the money has come (funders first, the
/// implementing unit last), with an arrow for every payer-payee pair of the draft's legs
/// (refunds are listed, not drawn). Widths are display columns, so names in 汉字 keep the
/// boxes aligned; names too long are cut with "…".
public struct FlowDiagram: Sendable {
    /// One holder's box.
    public struct Box: Sendable, Equatable {
        /// The organisation.
        public let organisationID: String
        /// Its column of boxes (0: the funders).
        public let layer: Int
        /// Its place in the column, from the top.
        public let slot: Int
        /// What it holds now.
        public let heldFen: Fen
        /// Where it stands, in words.
        public let status: Bilingual
    }

    /// Columns between two columns of boxes (the arrow "-+>").
    static let gapColumns = 3
    /// Rows one box takes.
    static let boxRows = 3
    /// Rows from one box's top to the next one's below it.
    static let slotRows = 4

    /// The boxes.
    public let boxes: [Box]
    /// The payer-payee pairs drawn as arrows.
    public let arrows: [(from: String, to: String)]

    /// The diagram of `draft`.
    public init(draft: DigitalDraft) {
        let legs = draft.legs.filter { $0.purpose != .refund && $0.status != .cancelled }
        let holdings = draft.holdings()
        var layer: [String: Int] = [:]
        for holding in holdings { layer[holding.organisationID] = 0 }
        // Longest path from a funder; bounded by the number of holders, so a cycle cannot loop.
        for _ in 0..<holdings.count {
            for leg in legs { layer[leg.payeeID] = max(layer[leg.payeeID] ?? 0, (layer[leg.payerID] ?? 0) + 1) }
        }
        var boxes: [Box] = []
        var slotsTaken: [Int: Int] = [:]
        for current in 0...(layer.values.max() ?? 0) {
            for holding in holdings where layer[holding.organisationID] == current {
                let payers = legs.filter { $0.payeeID == holding.organisationID }.compactMap { leg in boxes.first { $0.organisationID == leg.payerID }?.slot }
                let wanted = payers.isEmpty ? 0 : payers.reduce(0, +) / payers.count
                let slot = max(wanted, slotsTaken[current] ?? 0)
                slotsTaken[current] = slot + 1
                boxes.append(Box(organisationID: holding.organisationID, layer: current, slot: slot, heldFen: holding.amountFen,
                                 status: Self.status(of: holding.organisationID, held: holding.amountFen, legs: legs)))
            }
        }
        self.boxes = boxes
        var arrows: [(from: String, to: String)] = []
        for leg in legs where !arrows.contains(where: { $0.from == leg.payerID && $0.to == leg.payeeID }) {
            arrows.append((leg.payerID, leg.payeeID))
        }
        self.arrows = arrows
    }

    /// The status of a holder whose money has stalled.
    static let stalledStatus = Bilingual("滞留!", "STALLED")

    /// Where a holder stands: stalled money first, then what it must do, then what it holds.
    static func status(of id: String, held: Fen, legs: [Leg]) -> Bilingual {
        let outgoing = legs.filter { $0.payerID == id }
        if outgoing.contains(where: LegText.isStalled) { return stalledStatus }
        if outgoing.contains(where: { $0.status == .pending && $0.payableSince != nil }) { return Bilingual("待拨付", "to pay") }
        if legs.contains(where: { $0.payeeID == id && $0.status == .paid }) { return Bilingual("待确认", "to confirm") }
        if outgoing.contains(where: { $0.status == .pending }) { return held.value > 0 ? Bilingual("持有", "holding") : Bilingual("待收款", "waiting") }
        if held.value > 0 { return Bilingual("持有", "holding") }
        return outgoing.isEmpty ? Bilingual("未收款", "nothing yet") : Bilingual("已付清", "passed on")
    }

    /// Rows the diagram takes.
    public var rows: Int {
        let slots = (boxes.map(\.slot).max() ?? 0) + 1
        return slots * Self.slotRows - 1
    }

    /// Draws the diagram with its top-left corner at (row, column), `columns` wide.
    public func render(into buffer: inout ScreenBuffer, row top: Int, column left: Int, columns: Int, consortium: Consortium, language l: Language) {
        let layers = (boxes.map(\.layer).max() ?? 0) + 1
        let width = max(6, (columns - Self.gapColumns * (layers - 1)) / layers)
        func x(_ box: Box) -> Int { left + box.layer * (width + Self.gapColumns) }
        func middle(_ box: Box) -> Int { top + box.slot * Self.slotRows + 1 }
        for arrow in arrows {
            guard let from = boxes.first(where: { $0.organisationID == arrow.from }),
                  let to = boxes.first(where: { $0.organisationID == arrow.to }) else { continue }
            let bus = x(to) - 2
            for column in (x(from) + width)..<bus { Self.line("-", into: &buffer, row: middle(from), column: column) }
            for row in min(middle(from), middle(to))...max(middle(from), middle(to)) { Self.line("|", into: &buffer, row: row, column: bus) }
            if middle(from) != middle(to) {
                buffer.write("+", row: middle(from), column: bus)
                buffer.write("+", row: middle(to), column: bus)
            } else {
                buffer.write("-", row: middle(to), column: bus)
            }
            buffer.write(">", row: middle(to), column: bus + 1)
        }
        for box in boxes {
            let inside = width - 2
            let name = DisplayWidth.truncate(consortium.name(of: box.organisationID), toColumns: inside)
            let held = DisplayWidth.truncate(box.heldFen.yuanTextWithSymbol, toColumns: inside)
            let status = DisplayWidth.truncate(box.status(l), toColumns: inside)
            let isStalled = box.status == Self.stalledStatus
            buffer.write("+" + name + String(repeating: "-", count: inside - DisplayWidth.of(name)) + "+", row: middle(box) - 1, column: x(box))
            buffer.write("|" + DisplayWidth.pad(held, toColumns: inside) + "|", row: middle(box), column: x(box))
            buffer.write("+" + status + String(repeating: "-", count: inside - DisplayWidth.of(status)) + "+", row: middle(box) + 1, column: x(box),
                         style: isStalled ? .bold : [])
        }
    }

    /// Draws a line character, turning a crossing into "+".
    private static func line(_ character: Character, into buffer: inout ScreenBuffer, row: Int, column: Int) {
        guard (0..<buffer.rows).contains(row), (0..<buffer.columns).contains(column) else { return }
        let existing = buffer.cells[row * buffer.columns + column].character
        let crossing = (existing == "-" && character == "|") || (existing == "|" && character == "-")
        buffer.write(String(crossing ? "+" : character), row: row, column: column)
    }
}
