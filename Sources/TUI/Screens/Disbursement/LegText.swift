import Workflow

/// How a leg reads to the organisation looking at it: why it exists, where it stands from
/// that organisation's side, and whether it can act on it now. Stalled money says so in
/// words, not colour.
public enum LegText {
    /// Why the leg exists: a tranche-table row, a stage of the plan, or a refund.
    public static func purpose(_ leg: Leg, project: Project?, _ l: Language) -> String {
        switch leg.purpose {
        case .tranche(let rule): return l.pick("拨付表 \(rule)", "tranche \(rule)")
        case .stage(let index):
            let title = project.flatMap { $0.stages.indices.contains(index) ? $0.stages[index].plan.title : nil } ?? ""
            return l.pick("第 \(index + 1) 阶段 \(title)", "stage \(index + 1) \(title)")
        case .refund: return l.pick("撤销退款", "refund after cancellation")
        }
    }

    /// Whether `organisationID` can record the leg's payment now: it pays, the leg is
    /// pending, and the payer holds the money with the stage released.
    public static func isPayable(_ leg: Leg, by organisationID: String) -> Bool {
        leg.payerID == organisationID && leg.status == .pending && leg.payableSince != nil
    }

    /// Whether `organisationID` can confirm the leg's receipt now.
    public static func isConfirmable(_ leg: Leg, by organisationID: String) -> Bool {
        leg.payeeID == organisationID && leg.status == .paid
    }

    /// Whether the leg's money waits at its payer beyond the stall limit.
    public static func isStalled(_ leg: Leg) -> Bool {
        leg.status == .pending && leg.stalledSince != nil
    }

    /// Where the leg stands seen from `organisationID` (at most 10 columns).
    public static func status(_ leg: Leg, for organisationID: String, _ l: Language) -> String {
        let pays = leg.payerID == organisationID
        switch leg.status {
        case .pending where isStalled(leg): return l.pick("滞留", "STALLED")
        case .pending where !pays: return l.pick("待对方拨付", "incoming")
        case .pending where leg.payableSince != nil: return l.pick("待拨付", "to pay")
        case .pending: return l.pick("尚不能付", "not due")
        case .paid where pays: return l.pick("已付待确认", "paid")
        case .paid: return l.pick("待确认到账", "to confirm")
        case .confirmed: return l.pick("已到账", "confirmed")
        case .cancelled: return l.pick("已取消", "cancelled")
        }
    }

    /// Since when the leg has waited for its next step (payment or confirmation), if it waits.
    public static func waitingSince(_ leg: Leg) -> Timestamp? {
        switch leg.status {
        case .pending: leg.payableSince
        case .paid: leg.paidAt?.time
        case .confirmed, .cancelled: nil
        }
    }
}
