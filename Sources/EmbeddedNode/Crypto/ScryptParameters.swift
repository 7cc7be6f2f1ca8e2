/// scrypt cost parameters, with the bounds accepted from a file so that a hostile keystore
/// cannot make the node allocate more than 2 GiB (128 · r · n bytes) or spin for long.
struct ScryptParameters: Equatable {
    /// CPU/memory cost, a power of two.
    var n: Int
    /// Block size.
    var r: Int
    /// Parallelism (run sequentially by OpenSSL).
    var p: Int

    /// What new keystores use: n = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s).
    static let standard = ScryptParameters(n: 1 << 15, r: 8, p: 1)

    /// Accepted from a file: n a power of two in 2...2^20, r in 1...16, p in 1...4.
    var isAcceptable: Bool {
        (2...(1 << 20)).contains(n) && n & (n - 1) == 0 && (1...16).contains(r) && (1...4).contains(p)
    }

    /// The memory OpenSSL needs for these parameters (its V and B arrays), passed as maxmem.
    var memoryBytes: UInt64 {
        128 * UInt64(r) * (UInt64(n) + 2 + UInt64(p))
    }
}
