/// Checks `Authorization: Bearer <token>` headers without leaking the token through timing.
enum BearerToken {
    /// The longest token the server accepts in its configuration.
    static let bytesMax = 4_096

    /// Whether the header values carry exactly one bearer credential equal to `expected`.
    ///
    /// The comparison touches every byte of `expected` whatever the input, so the time taken
    /// reveals at most the length of the caller's own guess.
    static func isAuthorized(authorizationValues: [String], expected: String) -> Bool {
        guard authorizationValues.count == 1 else { return false }
        let value = authorizationValues[0]
        let scheme = "bearer "
        guard value.utf8.count > scheme.utf8.count,
            value.utf8.prefix(scheme.utf8.count).map(lowercasedASCII).elementsEqual(scheme.utf8)
        else { return false }
        let provided = Array(value.utf8.dropFirst(scheme.utf8.count))
        return constantTimeEqual(provided, Array(expected.utf8))
    }

    /// Compares in time that depends only on `expected.count`.
    static func constantTimeEqual(_ provided: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference: UInt8 = provided.count == expected.count ? 0 : 1
        for index in 0..<expected.count {
            let providedByte = index < provided.count ? provided[index] : 0
            difference |= providedByte ^ expected[index]
        }
        return difference == 0
    }
}

private func lowercasedASCII(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
}
