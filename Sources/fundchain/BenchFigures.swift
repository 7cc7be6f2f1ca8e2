import EmbeddedNode
import Foundation
import Glibc

/// CPU time of this process.
enum BenchCPU {
    /// User plus system CPU time of this process, in microseconds.
    static func processMicroseconds() -> Int64 {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let user = Int64(usage.ru_utime.tv_sec) * 1_000_000 + Int64(usage.ru_utime.tv_usec)
        let system = Int64(usage.ru_stime.tv_sec) * 1_000_000 + Int64(usage.ru_stime.tv_usec)
        return user + system
    }
}

/// The signature-verification bound on committed throughput: every validator verifies every
/// transaction once, so this machine commits at most cores x (P-256 verifies per second per
/// core, the faster path) / validators.
struct VerificationBound {
    let openSSLPerSecond: Int
    let swiftCryptoPerSecond: Int
    let cores: Int
    let validators = 4

    /// Measures both P-256 paths for one second each.
    static func measure() throws -> VerificationBound {
        VerificationBound(
            openSSLPerSecond: try VerifyBenchCommand.verifiesPerSecond(suite: P256SHA256Suite(verifier: .openSSL), suiteID: .p256SHA256, seconds: 1),
            swiftCryptoPerSecond: try VerifyBenchCommand.verifiesPerSecond(suite: P256SHA256Suite(verifier: .swiftCrypto), suiteID: .p256SHA256, seconds: 1),
            cores: max(1, ProcessInfo.processInfo.activeProcessorCount))
    }

    /// Committed transactions per second the verification cost alone allows.
    var transactionsPerSecond: Double { Double(cores * max(openSSLPerSecond, swiftCryptoPerSecond)) / Double(validators) }
}
