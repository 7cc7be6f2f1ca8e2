import COpenSSL

/// Moving bytes in and out of OpenSSL's PEM/DER writers and readers through memory BIOs.
enum MemoryBIO {
    /// Runs `write` on an empty memory BIO and returns what it wrote; `nil` if it failed.
    static func collect(_ write: (OpaquePointer) -> Int32) -> [UInt8]? {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { return nil }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while case let count = BIO_read(bio, &chunk, Int32(chunk.count)), count > 0 {
            bytes.append(contentsOf: chunk.prefix(Int(count)))
        }
        chunk.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
        return bytes
    }

    /// Runs `read` on a read-only memory BIO over `bytes`.
    static func reading<T>(_ bytes: [UInt8], _ read: (OpaquePointer) -> T?) -> T? {
        bytes.withUnsafeBytes { buffer -> T? in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return read(bio)
        }
    }
}
