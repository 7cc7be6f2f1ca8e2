/// What the end-to-end tests type and expect to read, in one language: the texts the screens
/// show in that language (titles, questions, results), and the project filed in it.
struct TerminalScript: Sendable, CustomStringConvertible {
    let language: String
    let projectName: String
    let passphrasePrompt: String
    let inboxTitle: String
    let stepOneTitle: String
    let fileQuestion: String
    let filed: String
    let stepTwoTitle: String
    let approveQuestion: String
    let approved: String
    /// The tranches summary's part for legs to pay: their count and total.
    let toPay: @Sendable (Int, String) -> String
    /// The tranches summary's part for receipts to confirm: their count and total.
    let toConfirm: @Sendable (Int, String) -> String
    let serialLabel: String
    let payQuestion: String
    let paid: String
    let confirmQuestion: String
    let confirmed: String
    /// A confirmed leg's status in the draft's leg list.
    let confirmedLeg: String
    let reconciliationTitle: String
    /// The reconciliation's summary of what it holds: 4 payments and 3 bank records.
    let reconciliationCounts: String
    let importTitle: String
    let importQuestion: String
    let imported: String
    let matched: String
    let amountMismatch: String
    let awaitingBankRecord: String
    let passedOn: String
    let quitQuestion: String
    var description: String { language }

    static let chinese = TerminalScript(
        language: "zh", projectName: "黔东县高山生态茶园提质增效扶贫示范项目（二期）",
        passphrasePrompt: "口令", inboxTitle: "待办事项", stepOneTitle: "第一步", fileQuestion: "提交项目申请？", filed: "已上链，等待省办审批",
        stepTwoTitle: "第二步", approveQuestion: "批准并签发数字汇票？", approved: "已批准",
        toPay: { "待拨付 \($0) 笔 \($1)" }, toConfirm: { "待确认到账 \($0) 笔 \($1)" }, serialLabel: "资金流水号：", payQuestion: "确认拨付？", paid: "已记录拨付",
        confirmQuestion: "确认到账？", confirmed: "已确认收到", confirmedLeg: "已确认",
        reconciliationTitle: "对账结果", reconciliationCounts: "拨付 4 笔，银行流水 3 笔", importTitle: "导入银行对账单", importQuestion: "将对账单发布上链？", imported: "对账单已上链：新增 3 笔",
        matched: "已匹配", amountMismatch: "金额不符", awaitingBankRecord: "等待银行流水", passedOn: "已付清",
        quitQuestion: "退出 FundChain？")

    static let english = TerminalScript(
        language: "en", projectName: "Tea garden upgrade 茶园提质 phase 2",
        passphrasePrompt: "Passphrase", inboxTitle: "Waiting for you", stepOneTitle: "Step 1", fileQuestion: "File this application?", filed: "awaiting the provincial office",
        stepTwoTitle: "Step 2", approveQuestion: "Approve and issue the digital draft?", approved: "Approved",
        toPay: { "To pay: \($0), \($1)" }, toConfirm: { "to confirm: \($0), \($1)" }, serialLabel: "Fund serial: ", payQuestion: "Record payment?", paid: "recorded with fund serial",
        confirmQuestion: "Confirm receipt?", confirmed: "Confirmed receipt of", confirmedLeg: "Confirmed",
        reconciliationTitle: "Reconciliation:", reconciliationCounts: "4 payments, 3 bank records", importTitle: "Import a bank statement", importQuestion: "Publish the statement on chain?",
        imported: "Statement on chain: 3 new records",
        matched: "Matched", amountMismatch: "Amount mismatch", awaitingBankRecord: "Awaiting bank record", passedOn: "passed on",
        quitQuestion: "Quit FundChain?")
}
