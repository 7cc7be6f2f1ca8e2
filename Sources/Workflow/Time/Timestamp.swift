import Canonical

/// An instant in UTC, in milliseconds since 1970-01-01T00:00:00Z. On chain every time is one
/// of these, taken from the block; execution never reads a clock.
public struct Timestamp: Hashable, Comparable, Sendable, CanonicalCodable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch, UTC.
    public let millisecondsSinceEpoch: Int64

    /// Wraps milliseconds since the epoch.
    public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }

    /// China Standard Time's offset from UTC, in minutes (UTC+8, no daylight saving).
    public static let chinaStandardTimeOffsetMinutes = 8 * 60

    /// The instant at a local wall-clock time with the given offset from UTC.
    /// Returns nil when the clock fields are out of range.
    public init?(date: CalendarDate, hour: Int, minute: Int, second: Int, utcOffsetMinutes: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        guard (-14 * 60...14 * 60).contains(utcOffsetMinutes) else { return nil }
        let localSeconds = date.daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        millisecondsSinceEpoch = (localSeconds - Int64(utcOffsetMinutes) * 60) * 1000
    }

    /// This instant plus a number of seconds.
    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + seconds * 1000)
    }

    /// Whole seconds from `earlier` to this instant (negative if `earlier` is later).
    public func seconds(since earlier: Timestamp) -> Int64 {
        (millisecondsSinceEpoch - earlier.millisecondsSinceEpoch) / 1000
    }

    /// The calendar date of this instant at the given UTC offset.
    public func calendarDate(utcOffsetMinutes: Int) -> CalendarDate? {
        let localMilliseconds = millisecondsSinceEpoch + Int64(utcOffsetMinutes) * 60_000
        let days = localMilliseconds >= 0 ? localMilliseconds / 86_400_000 : (localMilliseconds - 86_399_999) / 86_400_000
        return CalendarDate(daysSinceEpoch: days)
    }

    /// "2026-11-21T08:30:00Z" style, with the given offset applied ("+08:00" when not UTC).
    public func isoText(utcOffsetMinutes: Int = 0) -> String {
        let localMilliseconds = millisecondsSinceEpoch + Int64(utcOffsetMinutes) * 60_000
        let millisecondsOfDay = (localMilliseconds % 86_400_000 + 86_400_000) % 86_400_000
        let secondsOfDay = Int(millisecondsOfDay / 1000)
        let date = calendarDate(utcOffsetMinutes: utcOffsetMinutes).map(\.description) ?? "????-??-??"
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let clock = "\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60))"
        guard utcOffsetMinutes != 0 else { return "\(date)T\(clock)Z" }
        let sign = utcOffsetMinutes > 0 ? "+" : "-"
        let magnitude = abs(utcOffsetMinutes)
        return "\(date)T\(clock)\(sign)\(two(magnitude / 60)):\(two(magnitude % 60))"
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// ISO 8601 in UTC.
    public var description: String { isoText() }

    /// Writes the milliseconds as a zigzag varint.
    public func encode(to writer: inout CanonicalWriter) { writer.write(millisecondsSinceEpoch) }

    /// Reads milliseconds since the epoch.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        millisecondsSinceEpoch = try reader.readInt64()
    }
}
