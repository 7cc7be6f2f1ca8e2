import Canonical

/// A day in the proleptic Gregorian calendar, with no time zone: what plans and application
/// forms use ("planned start 2027-03-01").
public struct CalendarDate: Hashable, Comparable, Sendable, CanonicalCodable, CustomStringConvertible {
    /// Year, 1900...2999 for dates FundChain accepts.
    public let year: Int
    /// Month, 1...12.
    public let month: Int
    /// Day of the month, 1...28/29/30/31.
    public let day: Int

    /// The accepted range of years; dates outside it are typing mistakes, not plans.
    public static let yearRange = 1900...2999

    /// Creates a date, or nil when it does not exist (2027-02-30) or is out of range.
    public init?(year: Int, month: Int, day: Int) {
        guard CalendarDate.yearRange.contains(year), (1...12).contains(month) else { return nil }
        guard day >= 1, day <= CalendarDate.daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses "2027-03-01", "2027/3/1", "20270301" or "2027年3月1日", with ASCII or full-width
    /// digits. Returns nil for anything else or a date that does not exist.
    public init?(parsing text: String) {
        let digits = String(text.trimmingWhitespace.map { $0.asciiDigitFoldingFullWidth ?? $0 })
        if digits.count == 8, digits.allSatisfy(\.isASCIIDigit) {
            let scalars = Array(digits)
            guard let year = Int(String(scalars[0..<4])), let month = Int(String(scalars[4..<6])),
                  let day = Int(String(scalars[6..<8])) else { return nil }
            self.init(year: year, month: month, day: day)
            return
        }
        // One separator throughout ("2027-03-01", "2027/3/1", "2027.3.1") or the Chinese form
        // "2027年3月1日"; a four-digit year, a one- or two-digit month and day.
        let separators: [Character] = digits.contains("年") ? ["年", "月", "日"] : ["-", "/", "."].filter { digits.contains($0) }
        guard separators.count == 3 || separators.count == 1 else { return nil }
        let parts = digits.split(separator: separators[0], omittingEmptySubsequences: false).flatMap {
            separators.count == 3 ? $0.split(separator: "月", omittingEmptySubsequences: false) : [$0]
        }.map { separators.count == 3 && $0.hasSuffix("日") ? String($0.dropLast()) : String($0) }
        guard separators.count == 1 || digits.hasSuffix("日") else { return nil }
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            return nil
        }
        self.init(year: year, month: month, day: day)
    }

    /// Days in the month, leap years included.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Gregorian leap-year rule.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's days-from-civil algorithm.
    public var daysSinceEpoch: Int64 {
        let adjustedYear = Int64(month <= 2 ? year - 1 : year)
        let era = (adjustedYear >= 0 ? adjustedYear : adjustedYear - 399) / 400
        let yearOfEra = adjustedYear - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `daysSinceEpoch` days after 1970-01-01 (civil-from-days), if in range.
    public init?(daysSinceEpoch: Int64) {
        let shifted = daysSinceEpoch + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(year: Int(year), month: Int(month), day: Int(day))
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// ISO 8601 form, "2027-03-01".
    public var description: String {
        let monthText = month < 10 ? "0\(month)" : "\(month)"
        let dayText = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(monthText)-\(dayText)"
    }

    /// Writes the date as days since 1970-01-01.
    public func encode(to writer: inout CanonicalWriter) { writer.write(daysSinceEpoch) }

    /// Reads a date written as days since 1970-01-01.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        let days = try reader.readInt64()
        guard let date = CalendarDate(daysSinceEpoch: days) else {
            throw .invalidValue(offset: start, reason: "date out of range")
        }
        self = date
    }
}
