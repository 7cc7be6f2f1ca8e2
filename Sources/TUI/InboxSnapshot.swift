import Workflow

/// The organisation signed in, as the screens need it.
public struct SignedInOrganisation: Sendable, Equatable {
    /// The organisation.
    public let organisation: Organisation
    /// Whether its key is a demo key (shown as such).
    public let isDemo: Bool

    /// Creates the value.
    public init(organisation: Organisation, isDemo: Bool) {
        self.organisation = organisation
        self.isDemo = isDemo
    }
}

/// What waits for an organisation, with the projects the items name (for their names and
/// the approval detail).
public struct InboxSnapshot: Sendable, Equatable {
    /// The items, grouped by kind as `Ledger.inbox()` returns them.
    public let items: [InboxItem]
    /// The projects named by the items, in first-mention order.
    public let projects: [Project]

    /// Creates a snapshot.
    public init(items: [InboxItem], projects: [Project]) {
        self.items = items
        self.projects = projects
    }

    /// The project with this identifier, if the snapshot has it.
    public func project(_ id: String?) -> Project? {
        guard let id else { return nil }
        return projects.first { $0.id == id }
    }

    /// The items per kind with their total amount, in kind order.
    public var totals: [(kind: InboxItem.Kind, count: Int, amountFen: Fen)] {
        var result: [(kind: InboxItem.Kind, count: Int, amountFen: Fen)] = []
        for item in items {
            let amount = item.amountFen ?? .zero
            if let last = result.last, last.kind == item.kind {
                result[result.count - 1] = (last.kind, last.count + 1, last.amountFen.adding(amount) ?? last.amountFen)
            } else {
                result.append((item.kind, 1, amount))
            }
        }
        return result
    }
}

extension InboxItem.Kind {
    /// What the item asks of the organisation, in words.
    public var title: Bilingual {
        switch self {
        case .decideApplication: Bilingual("待审批申请", "Applications to decide")
        case .reviseApplication: Bilingual("退回待修改", "Returned for revision")
        case .payLeg: Bilingual("待拨付", "Tranches to pay")
        case .confirmReceipt: Bilingual("待确认到账", "Receipts to confirm")
        case .giveOpinion: Bilingual("待出具意见", "Opinions to give")
        case .completeStage: Bilingual("待完成阶段", "Stages to complete")
        case .resolveDifference: Bilingual("对账差异", "Reconciliation differences")
        case .stalledLeg: Bilingual("滞留资金", "Stalled money")
        }
    }
}
