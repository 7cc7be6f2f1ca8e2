import Foundation
import Testing
import WorkflowTestSupport

/// The real `fundchain` binary in tmux on its embedded default, driven as people drive it:
/// keys and input-method text in, the screen read back by polling `capture-pane` with a
/// deadline. Each organisation signs in to its own run of the application on the same data
/// directory, in Chinese and in English.
@Suite("Terminal end to end", .serialized)
struct TerminalEndToEndTests {
    /// What a run types and expects, in one language.
    struct Script: Sendable, CustomStringConvertible {
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
        let quitQuestion: String
        var description: String { language }

        static let chinese = Script(
            language: "zh", projectName: "黔东县高山生态茶园提质增效扶贫示范项目（二期）",
            passphrasePrompt: "口令", inboxTitle: "待办事项", stepOneTitle: "第一步", fileQuestion: "提交项目申请？", filed: "已上链，等待省办审批",
            stepTwoTitle: "第二步", approveQuestion: "批准并签发数字汇票？", approved: "已批准",
            quitQuestion: "退出 FundChain？")
        static let english = Script(
            language: "en", projectName: "Tea garden upgrade 茶园提质 phase 2",
            passphrasePrompt: "Passphrase", inboxTitle: "Waiting for you", stepOneTitle: "Step 1", fileQuestion: "File this application?", filed: "awaiting the provincial office",
            stepTwoTitle: "Step 2", approveQuestion: "Approve and issue the digital draft?", approved: "Approved",
            quitQuestion: "Quit FundChain?")
    }

    @Test("the county HQ files an application and the provincial office approves it", arguments: [Script.chinese, Script.english])
    func fileAndApprove(_ script: Script) async throws {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDirectory) }

        let clerk = try await Self.open(dataDirectory: dataDirectory, script: script)
        do {
            try await Self.signIn(clerk, organisationsDown: 0, script: script)
            try await clerk.press("F3")
            try await clerk.waitFor(script.stepOneTitle)
            try await clerk.type(script.projectName)
            try await clerk.press("Tab", "Right", "Tab")
            try await clerk.type("县农业农村局")
            try await clerk.press("Tab")
            try await clerk.type("１,234,567.89")
            try await clerk.press("Tab")
            try await clerk.type("新建标准化茶园八百亩，带动建档立卡贫困户一百二十户增收。")
            try await clerk.press("Tab", "Right", "Tab")
            try await clerk.type("农业专业合作社，具备茶园管护资质")
            try await clerk.press("Tab")
            try await clerk.type("2026-12-01")
            try await clerk.press("Tab")
            try await clerk.type("2027-10-31")
            try await clerk.press("Tab")
            try await clerk.type("张晓梅")
            try await clerk.press("Tab")
            try await clerk.type("6222021234567890123")
            // The amount typed with a full-width digit is read as figures and shown in 大写.
            try await clerk.waitFor("壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分")
            try await clerk.press("F2")
            try await clerk.waitFor(script.fileQuestion, "¥1,234,567.89")
            try await clerk.press("Left", "Enter")
            try await clerk.waitFor(script.filed)
            try await clerk.press("Escape")
            try await Self.quit(clerk, script: script)
        } catch {
            await clerk.stop()
            throw error
        }
        await clerk.stop()

        let officer = try await Self.open(dataDirectory: dataDirectory, script: script)
        do {
            try await Self.signIn(officer, organisationsDown: 1, script: script)
            try await officer.waitFor(String(script.projectName.prefix(6)))
            try await officer.press("Enter")
            try await officer.waitFor(script.stepTwoTitle, "¥1,234,567.89")
            try await officer.press("F2")
            try await officer.waitFor(script.approveQuestion, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分")
            // Cancel has the focus: Enter alone must not approve.
            try await officer.press("Enter")
            let afterCancel = try await officer.waitFor(script.stepTwoTitle)
            #expect(!afterCancel.contains(script.approved))
            try await officer.press("F2")
            try await officer.waitFor(script.approveQuestion)
            try await officer.press("Left", "Enter")
            try await officer.waitFor(script.approved)
            try await officer.press("Escape")
            try await Self.quit(officer, script: script)
        } catch {
            await officer.stop()
            throw error
        }
        await officer.stop()
    }

    private static func open(dataDirectory: URL, script: Script) async throws -> TmuxTerminal {
        guard let executable = BuiltProducts.executable(named: "fundchain") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "fundchain is not built beside the tests"])
        }
        return try await TmuxTerminal.start([executable.path, "--data-dir", dataDirectory.path, "--lang", script.language])
    }

    /// Chooses the organisation `organisationsDown` rows below the first, fills in the demo
    /// passphrase and waits for the inbox.
    private static func signIn(_ terminal: TmuxTerminal, organisationsDown: Int, script: Script) async throws {
        try await terminal.waitFor(script.passphrasePrompt)
        for _ in 0..<organisationsDown { try await terminal.press("Down") }
        try await terminal.press("Enter", "F4", "Enter")
        try await terminal.waitFor(script.inboxTitle, seconds: 60)
    }

    /// Quits from the inbox through the confirmation (whose focus starts on "keep using") and
    /// checks the program ended with status 0.
    private static func quit(_ terminal: TmuxTerminal, script: Script) async throws {
        try await terminal.waitFor(script.inboxTitle)
        try await terminal.press("q")
        try await terminal.waitFor(script.quitQuestion)
        try await terminal.press("Left", "Enter")
        let status = try await terminal.waitForExit()
        #expect(status == nil || status == 0, "exit status \(status.map(String.init) ?? "unknown")")
    }
}
