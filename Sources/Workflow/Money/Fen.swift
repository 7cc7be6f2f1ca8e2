import Canonical

/// An amount of renminbi in fen (分, 1/100 yuan), the only unit money has inside FundChain.
///
/// Amounts that people type or read are yuan text (see `Fen(parsingYuan:)`, `yuanText`,
/// `chineseCapital`); everything stored, hashed or compared is this integer. Arithmetic is
/// checked: an overflow is an error the caller must handle, never a wrap.
public struct Fen: Hashable, Comparable, Sendable, CanonicalCodable, CustomStringConvertible {
    /// The amount in fen. Negative only for signed quantities such as a bank balance.
    public let value: Int64

    /// Wraps an amount in fen.
    public init(_ value: Int64) { self.value = value }

    /// No money.
    public static let zero = Fen(0)
    /// The largest amount FundChain accepts anywhere: ¥999,999,999,999.99. Chosen so that an
    /// amount times a share in basis points (at most 10,000) still fits in Int64.
    public static let amountMax = Fen(99_999_999_999_999)

    /// Whether the amount is within `0...amountMax`.
    public var isValidAmount: Bool { value >= 0 && value <= Fen.amountMax.value }

    /// The sum, or nil on overflow.
    public func adding(_ other: Fen) -> Fen? {
        let (sum, overflow) = value.addingReportingOverflow(other.value)
        return overflow ? nil : Fen(sum)
    }

    /// The difference, or nil on overflow.
    public func subtracting(_ other: Fen) -> Fen? {
        let (difference, overflow) = value.subtractingReportingOverflow(other.value)
        return overflow ? nil : Fen(difference)
    }

    /// The sum of `amounts`, or nil on overflow.
    public static func sum(_ amounts: [Fen]) -> Fen? {
        var total = Fen.zero
        for amount in amounts {
            guard let next = total.adding(amount) else { return nil }
            total = next
        }
        return total
    }

    public static func < (lhs: Fen, rhs: Fen) -> Bool { lhs.value < rhs.value }

    /// The amount as plain yuan text, for logs and debugging ("12,345.67").
    public var description: String { yuanText }

    /// Writes the amount as a zigzag varint.
    public func encode(to writer: inout CanonicalWriter) { writer.write(value) }

    /// Reads an amount.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        value = try reader.readInt64()
    }
}
