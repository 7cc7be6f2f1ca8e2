import Workflow

/// A form: fields in order, one focused. Tab/Shift-Tab and Down/Up move between fields; a
/// field is checked when it loses focus and every field again on submit (F2, or Enter on the
/// last field); a failed submission focuses the first invalid field and keeps everything typed.
public struct Form: Sendable {
    /// What a key did to the form.
    public enum Outcome: Sendable, Equatable {
        /// Nothing the screen needs to act on.
        case none
        /// Every field passed; the values by field.
        case submitted([FormField: String])
        /// The key means nothing to the form (the screen may use it: Esc).
        case ignored
    }

    /// What the form's keys do.
    public enum Action: Sendable {
        /// Focus the next field.
        case next
        /// Focus the previous field.
        case previous
        /// Next field, or submit on the last one.
        case enter
        /// Check everything and submit.
        case submit
    }

    /// Width of the field box's inside, in columns.
    public static let fieldColumns = 32
    /// Width of the label column, in columns.
    public static let labelColumns = 20

    /// The fields, in order.
    public private(set) var fields: [FormFieldState]
    /// The focused field.
    public private(set) var focusIndex: Int
    /// The message line's text: the last error or notice.
    public private(set) var message: Bilingual?
    /// Whether anything was typed since the form was created or last saved.
    public private(set) var hasUnsavedInput = false

    /// Creates a form focused on its first focusable field.
    public init(fields: [FormFieldState]) {
        self.fields = fields
        self.focusIndex = fields.firstIndex(where: \.isFocusable) ?? 0
    }

    /// The keys, for dispatch and help.
    public static let keyTable = KeyTable<Action>(scope: "form", [
        KeyBinding([.tab, .down], .next, Bilingual("下一栏", "next field")),
        KeyBinding([.backTab, .up], .previous, Bilingual("上一栏", "previous field"), hinted: false),
        KeyBinding([.enter], .enter, Bilingual("下一栏，末栏时提交", "next field; submits on the last"), hinted: false),
        KeyBinding([.function(2), .control("s")], .submit, Bilingual("提交", "submit")),
    ])

    /// The values by field, as validators and the screen see them.
    public var values: [FormField: String] {
        Dictionary(fields.map { ($0.id, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Applies a key.
    public mutating func update(_ key: Key) -> Outcome {
        switch Self.keyTable.action(for: key) {
        case .next: moveFocus(by: 1)
        case .previous: moveFocus(by: -1)
        case .enter where isOnLastField, .submit: return submit()
        case .enter: moveFocus(by: 1)
        case nil: return editFocused(key)
        }
        return .none
    }

    /// Puts `values` in their fields (a choice by its code; the cursor at the start, so the
    /// beginning shows), as if nothing had been typed.
    public mutating func fill(_ values: [FormField: String]) {
        for index in fields.indices {
            guard let value = values[fields[index].id] else { continue }
            if case .choice(let choices) = fields[index].kind {
                fields[index].choiceIndex = choices.firstIndex { $0.code == value }
            } else {
                fields[index].editor.setText(value)
                _ = fields[index].editor.update(.home)
            }
        }
    }

    /// Marks what was typed as saved (after the ledger accepted it).
    public mutating func markSaved() { hasUnsavedInput = false }

    /// Puts `text` in the message line (a refusal's reason, say).
    public mutating func setMessage(_ text: Bilingual?) { message = text }

    /// Checks every field; on failure focuses the first invalid one and says what is wrong.
    public mutating func submit() -> Outcome {
        if fields.indices.contains(focusIndex) { fields[focusIndex].normalise() }
        let current = values
        var invalid: [Int] = []
        for index in fields.indices where fields[index].validate(current) != nil { invalid.append(index) }
        guard let first = invalid.first else {
            message = nil
            return .submitted(current)
        }
        focusIndex = first
        let summary = Bilingual("（共 \(invalid.count) 处需修改）", " (\(invalid.count) to correct)")
        let problem = problemText(first)
        message = Bilingual(problem.chinese + summary.chinese, problem.english + summary.english)
        return .none
    }

    private var isOnLastField: Bool { fields.indices.last(where: { fields[$0].isFocusable }) == focusIndex }

    /// Moves to the next focusable field in `step`'s direction (wrapping), checking the one left.
    private mutating func moveFocus(by step: Int) {
        guard fields.contains(where: \.isFocusable) else { return }
        blur(focusIndex)
        var next = focusIndex
        repeat { next = ((next + step) % fields.count + fields.count) % fields.count } while !fields[next].isFocusable
        focusIndex = next
    }

    private mutating func blur(_ index: Int) {
        fields[index].normalise()
        message = fields[index].validate(values) == nil ? nil : problemText(index)
    }

    private mutating func editFocused(_ key: Key) -> Outcome {
        guard fields.indices.contains(focusIndex), fields[focusIndex].isFocusable else { return .ignored }
        if case .choice = fields[focusIndex].kind {
            let step: Int? = switch key { case .right, .text(" "): 1; case .left: -1; default: nil }
            guard let step, fields[focusIndex].stepChoice(step) else { return .ignored }
            hasUnsavedInput = true
            return .none
        }
        switch fields[focusIndex].editor.update(key) {
        case .changed: hasUnsavedInput = true
        case .limitReached:
            hasUnsavedInput = true
            let limit = fields[focusIndex].editor.charactersMax
            message = fieldText(focusIndex, Bilingual("最多 \(limit) 个字，多余的没有输入", "at most \(limit) characters; the rest was not entered"))
        case .moved: break
        case .ignored: return .ignored
        }
        return .none
    }

    /// The message-line text of a field's error, naming the field.
    func problemText(_ index: Int) -> Bilingual {
        fieldText(index, fields[index].error ?? Bilingual("", ""))
    }

    private func fieldText(_ index: Int, _ text: Bilingual) -> Bilingual {
        let label = fields[index].label
        return Bilingual("「\(label.chinese)」：\(text.chinese)", "\(label.english): \(text.english)")
    }
}
