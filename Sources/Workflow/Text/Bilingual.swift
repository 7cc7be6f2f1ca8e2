/// Text a person reads, held in both languages so a screen can be drawn in either one.
public struct Bilingual: Hashable, Sendable {
    /// The Chinese text.
    public let chinese: String
    /// The English text.
    public let english: String

    /// Creates text from its Chinese and English forms.
    public init(_ chinese: String, _ english: String) {
        self.chinese = chinese
        self.english = english
    }

    /// Creates text from a function that renders it in a language (such as `FieldProblem.message`).
    public init(rendering: (Language) -> String) {
        self.init(rendering(.chinese), rendering(.english))
    }

    /// The text in `language`.
    public func callAsFunction(_ language: Language) -> String { language.pick(chinese, english) }
}
