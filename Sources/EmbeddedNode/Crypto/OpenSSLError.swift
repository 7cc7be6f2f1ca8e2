import COpenSSL

/// Reading and clearing OpenSSL's thread-local error queue.
enum OpenSSLError {
    /// A `CryptoError.openSSL` for `operation`, carrying (and clearing) the queued errors.
    static func make(_ operation: String) -> CryptoError {
        .openSSL(operation: operation, detail: drain())
    }

    /// The queued error strings joined by "; ", leaving the queue empty.
    static func drain() -> String {
        var messages: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? "no detail" : messages.joined(separator: "; ")
    }

    /// Forgets queued errors, after a failure that is an answer (an invalid signature, say)
    /// rather than a fault, so that they do not pile up on the thread.
    static func clear() {
        ERR_clear_error()
    }
}
