import Workflow

/// The demo consortium of the embedded default: one organisation of every kind of SPEC
/// section 2 in one county (黔东县, made up), plus an auditor. Its accounts are made up and
/// its keys, once nodes sign, are demo keys marked as such.
public enum DemoConsortium {
    /// The demo county's identifier.
    public static let county = "qiandong"

    /// The organisations, one per kind.
    public static let organisations: [Organisation] = [
        Organisation(id: "county-hq", kind: .countyHQ, name: "黔东县脱贫攻坚指挥部", accountNumber: "6222020100000000101", county: county),
        Organisation(id: "provincial-office", kind: .provincialOffice, name: "省扶贫开发领导小组办公室", accountNumber: "6222020100000000202"),
        Organisation(id: "county-finance", kind: .countyFinance, name: "黔东县财政局", accountNumber: "6222020100000000303", county: county),
        Organisation(id: "provincial-finance", kind: .provincialFinance, name: "省财政厅", accountNumber: "6222020100000000404"),
        Organisation(id: "commercial-bank", kind: .commercialBank, name: "示范商业银行省分行", accountNumber: "6222020100000000505"),
        Organisation(id: "fund-lp", kind: .limitedPartnership, name: "省扶贫产业基金（有限合伙）", accountNumber: "6222020100000000606"),
        Organisation(id: "county-fund", kind: .countyFundCompany, name: "黔东县脱贫攻坚投资基金有限公司", accountNumber: "6222020100000000707", county: county),
        Organisation(id: "builder", kind: .implementingUnit, name: "黔东县绿源农业专业合作社", accountNumber: "6222020100000000808", county: county),
        Organisation(id: "auditor", kind: .auditor, name: "省审计厅", accountNumber: "6222020100000000909"),
    ]

    /// The validators of the demo's peer network (the embedded default and the devnet): four
    /// organisations, so the consortium tolerates one faulty validator (n = 3f + 1).
    public static let validators = ["auditor", "commercial-bank", "provincial-finance", "provincial-office"]

    /// The demo's settings: the defaults of SPEC section 3.
    public static let settings = WorkflowSettings()

    /// The passphrase of every demo keystore. Demo keys protect nothing: they are marked demo
    /// in their keystore and must never sign for a real organisation.
    public static let demoPassphrase = "fundchain-demo"

    /// The demo chain's identifier.
    public static let chainID = "qiandong-demo"
}
