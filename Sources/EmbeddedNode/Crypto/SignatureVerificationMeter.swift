import Glibc
import Synchronization

/// Counts the signature verifications this process performs and the CPU time they take, so a
/// benchmark can split a node's CPU per transaction into verification and everything else.
/// Every suite's `verify` goes through `measure`; the cost is two reads of the calling thread's
/// CPU clock per verification (about a microsecond against tens for a P-256 verification).
public enum SignatureVerificationMeter {
    private static let verifications = Atomic<Int64>(0)
    private static let cpuNanoseconds = Atomic<Int64>(0)

    /// The totals since the process started.
    public struct Totals: Sendable, Equatable {
        /// Signature verifications performed (valid or not).
        public let verifications: Int64
        /// The CPU time of the threads that performed them, in microseconds.
        public let cpuMicroseconds: Int64
    }

    /// The totals so far.
    public static var totals: Totals {
        Totals(verifications: verifications.load(ordering: .relaxed), cpuMicroseconds: cpuNanoseconds.load(ordering: .relaxed) / 1000)
    }

    /// Runs `verify`, counting it and adding the calling thread's CPU time it took.
    static func measure(_ verify: () -> Bool) -> Bool {
        let started = threadCPUNanoseconds()
        let valid = verify()
        let spent = threadCPUNanoseconds() - started
        assert(spent >= 0, "a thread's CPU clock only moves forward")
        cpuNanoseconds.add(spent, ordering: .relaxed)
        verifications.add(1, ordering: .relaxed)
        return valid
    }

    private static func threadCPUNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
