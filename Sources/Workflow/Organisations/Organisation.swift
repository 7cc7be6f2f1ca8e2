import Canonical

/// A participating organisation as the genesis file lists it: a stable identifier, its kind,
/// its name, its county (empty for province-level organisations), and the settlement account
/// its payments leave from and arrive on.
public struct Organisation: Hashable, Sendable, CanonicalCodable {
    /// Stable identifier, 2-40 characters of a-z, 0-9 and "-" ("county-finance").
    public let id: String
    /// What the organisation does in the flow.
    public let kind: OrgKind
    /// Its name for people ("黔东县财政局").
    public let name: String
    /// Its settlement account number, digits only.
    public let accountNumber: String
    /// The county it belongs to ("qiandong"), or empty for a province-level organisation. A
    /// project's county finance bureau and county fund company are those of its county HQ.
    public let county: String

    /// Creates an organisation; `validate()` says whether the fields are well formed.
    public init(id: String, kind: OrgKind, name: String, accountNumber: String, county: String = "") {
        self.id = id
        self.kind = kind
        self.name = name
        self.accountNumber = accountNumber
        self.county = county
    }

    /// The allowed length of an organisation identifier.
    public static let identifierLengthRange = 2...40
    /// The most characters an organisation name may have.
    public static let nameCharactersMax = 60

    /// Whether `text` is a well-formed organisation identifier.
    public static func isWellFormedIdentifier(_ text: String) -> Bool {
        identifierLengthRange.contains(text.count)
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// The problems with this organisation's fields, empty when it is well formed.
    public func validate() -> [WorkflowError] {
        var problems: [WorkflowError] = []
        if !Organisation.isWellFormedIdentifier(id) { problems.append(.malformedOrganisationID(id)) }
        if name.trimmingWhitespace.isEmpty || name.count > Organisation.nameCharactersMax {
            problems.append(.malformedOrganisationName(id))
        }
        if AccountNumber.normalise(accountNumber) != accountNumber {
            problems.append(.malformedAccountNumber(accountNumber))
        }
        return problems
    }

    /// Field order: id, kind, name, accountNumber, county.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(id)
        writer.write(kind)
        writer.write(name)
        writer.write(accountNumber)
        writer.write(county)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        id = try reader.readString(limit: 64)
        kind = try reader.read()
        name = try reader.readString(limit: 256)
        accountNumber = try reader.readString(limit: 64)
        county = try reader.readString(limit: 64)
    }
}

/// Bank account numbers as FundChain stores them: digits only, 8-32 of them. People type them
/// with spaces or dashes in groups ("6222 0212 0100 1234 567"); those are dropped.
public enum AccountNumber {
    /// How many digits an account number may have. Chinese corporate and personal accounts
    /// range from 12 to 25 digits; 8-32 leaves room for internal and foreign formats.
    public static let digitsRange = 8...32

    /// The digits of `text` with spaces and dashes dropped, or nil when anything else is
    /// present or the length is out of range. Full-width digits are accepted.
    public static func normalise(_ text: String) -> String? {
        var digits = ""
        for character in text.trimmingWhitespace {
            if let digit = character.asciiDigitFoldingFullWidth {
                digits.append(digit)
            } else if character == " " || character == "-" || character == "\u{3000}" || character == "－" {
                continue
            } else {
                return nil
            }
        }
        return digitsRange.contains(digits.count) ? digits : nil
    }
}
