import Workflow

/// The Step 1 application form as a screen: fill in, F2 to file; a refusal keeps everything
/// typed and says why.
public struct ApplicationFormScreen: Screen {
    /// The language to speak.
    public let language: Language
    /// The form.
    public private(set) var form: Form
    /// Whether a filing was sent and its reply has not come back.
    public private(set) var isSubmitting = false

    /// What the screen's own keys do (the form's keys come from `Form.keyTable`).
    public enum Action: Sendable {
        /// Leave the form.
        case back
    }

    /// The screen's own keys.
    public static let keyTable = KeyTable<Action>(scope: "applicationForm", [
        KeyBinding([.escape], .back, Bilingual("返回", "back")),
    ])

    /// Creates the screen with an empty form.
    public init(language: Language, settings: WorkflowSettings, organisations: [Organisation]) {
        self.language = language
        self.form = ApplicationForm.make(settings: settings, organisations: organisations)
    }

    public var breadcrumb: Bilingual { Bilingual("项目申请", "Project application") }
    public var keyHelp: [KeyHelp] { Form.keyTable.help + Self.keyTable.help }
    public var message: Bilingual? { form.message }
    public var hasUnsavedInput: Bool { form.hasUnsavedInput }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key):
            if Self.keyTable.action(for: key) == .back { return [.back] }
            guard !isSubmitting, case .submitted(let values) = form.update(key) else { return [] }
            isSubmitting = true
            form.setMessage(Bilingual("正在提交申请…", "Filing the application…"))
            return [.fileApplication(ApplicationForm.application(from: values))]
        case .refused(let reason):
            isSubmitting = false
            form.setMessage(Bilingual("申请未提交：\(reason.chinese)（所填内容已保留）", "Not filed: \(reason.english) (what you typed is kept)"))
        case .succeeded(let result):
            isSubmitting = false
            form.markSaved()
            form.setMessage(result)
        case .resize, .signedIn, .inboxLoaded, .blockCommitted, .statementRead, .reconciliationLoaded, .chainStatusLoaded, .blockFound, .fileHashed, .documentAnchored,
             .documentChecked:
            break
        }
        return []
    }

    public func render(into buffer: inout ScreenBuffer) {
        buffer.write(language.pick("第一步：项目/资金申请（* 为必填）", "Step 1: project and fund application (* required)"), row: 0, column: 2, style: .bold)
        var area = ScreenBuffer(columns: buffer.columns, rows: max(0, buffer.rows - 2))
        form.render(into: &area, language: language)
        buffer.paste(area, row: 2, column: 0)
    }
}
