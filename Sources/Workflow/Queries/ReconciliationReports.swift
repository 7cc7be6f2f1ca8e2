/// How long an open reconciliation exception has been outstanding. Long-outstanding items are
/// a warning sign (SPEC section 4).
public enum AgeBucket: Int, CaseIterable, Sendable, Comparable {
    /// Up to 7 days.
    case upToSevenDays = 0
    /// 8 to 30 days.
    case upToThirtyDays = 1
    /// 31 to 90 days.
    case upToNinetyDays = 2
    /// More than 90 days.
    case overNinetyDays = 3

    /// The bucket for an age in seconds.
    public init(ageSeconds: Int64) {
        let days = ageSeconds / 86_400
        switch days {
        case ..<8: self = .upToSevenDays
        case ..<31: self = .upToThirtyDays
        case ..<91: self = .upToNinetyDays
        default: self = .overNinetyDays
        }
    }

    /// The bucket's label.
    public func label(_ language: Language) -> String {
        switch self {
        case .upToSevenDays: language.pick("7天以内", "≤ 7 days")
        case .upToThirtyDays: language.pick("8-30天", "8-30 days")
        case .upToNinetyDays: language.pick("31-90天", "31-90 days")
        case .overNinetyDays: language.pick("90天以上", "> 90 days")
        }
    }

    public static func < (lhs: AgeBucket, rhs: AgeBucket) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The balance-adjustment statement (余额调节表) of one account: the bank's balance and the
/// chain's (book) balance, each adjusted by the items only the other side has recorded. When
/// every difference is explained, the two adjusted balances agree.
public struct BalanceAdjustmentStatement: Hashable, Sendable {
    /// The account.
    public let accountNumber: String
    /// The balance on the latest published record of the account (余额), if any carries one.
    public let bankBalanceFen: Fen?
    /// The opening balance implied by the earliest record (balance before it moved).
    public let openingBalanceFen: Fen?
    /// Opening balance plus every paid leg into the account minus every paid leg out of it.
    public let bookBalanceFen: Fen?
    /// Paid legs into the account with no matching bank record yet (企业已收、银行未收).
    public let bookOnlyCreditsFen: Fen
    /// Paid legs out of the account with no matching bank record yet (企业已付、银行未付).
    public let bookOnlyDebitsFen: Fen
    /// Bank credits to the account that no leg explains (银行已收、企业未收).
    public let bankOnlyCreditsFen: Fen
    /// Bank debits from the account that no leg explains (银行已付、企业未付).
    public let bankOnlyDebitsFen: Fen

    /// Bank balance + book-only credits − book-only debits.
    public var adjustedBankBalanceFen: Fen? {
        bankBalanceFen.map { Fen($0.value + bookOnlyCreditsFen.value - bookOnlyDebitsFen.value) }
    }

    /// Book balance + bank-only credits − bank-only debits.
    public var adjustedBookBalanceFen: Fen? {
        bookBalanceFen.map { Fen($0.value + bankOnlyCreditsFen.value - bankOnlyDebitsFen.value) }
    }

    /// Whether both adjusted balances exist and agree.
    public var isBalanced: Bool { adjustedBankBalanceFen != nil && adjustedBankBalanceFen == adjustedBookBalanceFen }
}

extension WorkflowState {
    /// Open exceptions (not resolved), oldest subject first.
    public func openExceptions() -> [ReconciliationItem] {
        reconciliation.items.filter(\.isOpenException).sorted { ($0.subjectTime, $0.id) < ($1.subjectTime, $1.id) }
    }

    /// Open exceptions by age at `now`, measured from when the leg was paid or the bank booked
    /// the record. Every bucket is present, possibly empty.
    public func outstandingByAge(at now: Timestamp) -> [(bucket: AgeBucket, items: [ReconciliationItem])] {
        let open = openExceptions()
        return AgeBucket.allCases.map { bucket in
            (bucket, open.filter { AgeBucket(ageSeconds: now.seconds(since: $0.subjectTime)) == bucket })
        }
    }

    /// The balance-adjustment statement of `accountNumber`.
    ///
    /// The opening balance is the balance before the account's earliest published record. Every
    /// paid leg into or out of the account counts in the book; it is book-only (in transit)
    /// when no record on this account carries its fund serial. A
    /// record is bank-only when no leg explains it: no leg has its fund serial, or an earlier
    /// record on this account already stands for that serial or bank serial. A record whose
    /// amount differs from its leg is neither, so the adjusted balances differ by exactly the
    /// error, which is what a person must then resolve.
    public func balanceAdjustment(accountNumber: String) -> BalanceAdjustmentStatement {
        let records = reconciliation.records.filter { $0.record.accountNumber == accountNumber }
            .sorted { ($0.record.time, $0.id) < ($1.record.time, $1.id) }
        let opening = records.first.flatMap { first in
            first.record.balanceFen.map { balance in
                Fen(first.record.direction == .credit ? balance.value - first.record.amountFen.value : balance.value + first.record.amountFen.value)
            }
        }
        var book = (net: Int64(0), onlyCredits: Int64(0), onlyDebits: Int64(0))
        for draft in drafts {
            for leg in draft.legs where leg.status.hasMoved && (leg.payerAccount == accountNumber || leg.payeeAccount == accountNumber) {
                let signedFen = (leg.payeeAccount == accountNumber ? 1 : -1) * leg.amountFen.value
                let recorded = reconciliation.records(withFundSerial: leg.fundSerial!).contains { $0.record.accountNumber == accountNumber }
                book.net += signedFen
                guard !recorded else { continue }
                if signedFen > 0 { book.onlyCredits += signedFen } else { book.onlyDebits -= signedFen }
            }
        }
        var bankOnly = (credits: Int64(0), debits: Int64(0))
        for entry in records where isBankOnly(entry, among: records) {
            if entry.record.direction == .credit { bankOnly.credits += entry.record.amountFen.value } else { bankOnly.debits += entry.record.amountFen.value }
        }
        return BalanceAdjustmentStatement(
            accountNumber: accountNumber, bankBalanceFen: records.last?.record.balanceFen, openingBalanceFen: opening,
            bookBalanceFen: opening.map { Fen($0.value + book.net) }, bookOnlyCreditsFen: Fen(book.onlyCredits),
            bookOnlyDebitsFen: Fen(book.onlyDebits), bankOnlyCreditsFen: Fen(bankOnly.credits), bankOnlyDebitsFen: Fen(bankOnly.debits))
    }

    private func isBankOnly(_ entry: PublishedBankRecord, among records: [PublishedBankRecord]) -> Bool {
        guard let serial = entry.record.fundSerial, activeLeg(paidWith: serial) != nil else { return true }
        return records.contains { other in
            other.id < entry.id && (other.record.fundSerial == serial || other.record.bankSerial == entry.record.bankSerial)
        }
    }
}
