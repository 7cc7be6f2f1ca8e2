import Workflow

/// One field of a `Form`: what it holds, how it is edited, how it is checked, and the error
/// it shows.
public struct FormFieldState: Sendable {
    /// How the field is edited and shown.
    public enum Kind: Sendable, Equatable {
        /// Free text.
        case text
        /// An amount typed in yuan (full-width digits accepted), shown right-aligned with
        /// thousands separators and in 大写 beneath.
        case amount
        /// A date ("2027-03-01", "2027年3月1日").
        case date
        /// One of a list, changed with Left/Right or Space.
        case choice([Choice])
        /// Shown, never focused or changed.
        case readOnly(Bilingual)
    }

    /// An entry of a choice list: the value stored and what a person reads.
    public struct Choice: Sendable, Equatable {
        /// The value ("crops", an organisation identifier).
        public let code: String
        /// What the list shows.
        public let label: Bilingual

        /// Creates a choice.
        public init(code: String, label: Bilingual) {
            self.code = code
            self.label = label
        }
    }

    /// Checks the field against all values of the form; returns what is wrong, in words
    /// without the field's name (the form adds it), or nil when the value is acceptable.
    public typealias Validator = @Sendable (_ values: [FormField: String]) -> Bilingual?

    /// Which field this is; also gives its label.
    public let id: FormField
    /// How it is edited.
    public let kind: Kind
    /// Whether an empty value is an error (marked "*").
    public let isRequired: Bool
    /// The text typed (text, amount, date).
    public internal(set) var editor: LineEditor
    /// The selected entry of a choice list, nil before one is chosen.
    public internal(set) var choiceIndex: Int?
    /// The field's own check, run on blur and on submit after the required check.
    public let validator: Validator?
    /// What is wrong with the value as last checked.
    public internal(set) var error: Bilingual?

    /// Creates a field. `charactersMax` limits what can be typed.
    public init(_ id: FormField, kind: Kind, isRequired: Bool = true, text: String = "", charactersMax: Int = 60,
                widthColumns: Int = Form.fieldColumns, validator: Validator? = nil) {
        self.id = id
        self.kind = kind
        self.isRequired = isRequired
        self.editor = LineEditor(text: text, charactersMax: charactersMax, widthColumns: widthColumns)
        self.validator = validator
    }

    /// The field's label in both languages.
    public var label: Bilingual { Bilingual(rendering: id.label) }

    /// Whether focus may rest on the field.
    public var isFocusable: Bool {
        if case .readOnly = kind { return false }
        return true
    }

    /// The value the validators and the screen see: the choice's code or the text (empty for
    /// a read-only field).
    public var value: String {
        if case .choice(let choices) = kind { return choiceIndex.map { choices[$0].code } ?? "" }
        return editor.text
    }

    /// What a person reads for the value: the chosen entry's label, or the text.
    public var displayValue: Bilingual {
        if case .choice(let choices) = kind { return choiceIndex.map { choices[$0].label } ?? Bilingual("", "") }
        return Bilingual(editor.text, editor.text)
    }

    /// The amount typed, when it parses.
    public var amount: Fen? {
        guard kind == .amount else { return nil }
        return try? Fen(parsingYuan: editor.text)
    }

    /// Checks the field: required first, then its validator; a read-only field has nothing
    /// to check. Stores and returns the error.
    @discardableResult
    mutating func validate(_ values: [FormField: String]) -> Bilingual? {
        if !isFocusable {
            error = nil
        } else if value.trimmingWhitespace.isEmpty {
            error = isRequired ? Bilingual("必填", "required") : nil
        } else {
            error = validator?(values)
        }
        return error
    }

    /// Rewrites a value that parses into its standard form when the field loses focus:
    /// "１２３４５" becomes "12,345.00", "2027年3月1日" becomes "2027-03-01".
    mutating func normalise() {
        switch kind {
        case .amount: if let amount { editor.setText(amount.yuanText) }
        case .date: if let date = CalendarDate(parsing: editor.text) { editor.setText(date.description) }
        default: break
        }
    }

    /// Moves a choice list's selection by `step`, wrapping; returns whether it changed.
    mutating func stepChoice(_ step: Int) -> Bool {
        guard case .choice(let choices) = kind, !choices.isEmpty else { return false }
        let current = choiceIndex ?? (step > 0 ? -1 : choices.count)
        choiceIndex = ((current + step) % choices.count + choices.count) % choices.count
        return true
    }
}
