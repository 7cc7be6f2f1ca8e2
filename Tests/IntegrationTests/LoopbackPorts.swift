import Foundation

/// Ports on 127.0.0.1 for the processes a test starts with a port it names (peer listeners,
/// devnet and pressure-bench port bases). They are chosen at random below the kernel's
/// ephemeral range (`/proc/sys/net/ipv4/ip_local_port_range`, 32768-60999 by default), where
/// the OS never hands out ports on its own: a port found free there stays free until the
/// process binds it, whereas an ephemeral one can meanwhile become the local port of any
/// outgoing connection of the suites running in parallel.
enum LoopbackPorts {
    /// No free port (or set of ports) was found.
    struct Exhausted: Error, CustomStringConvertible {
        let offsets: [Int]
        var description: String { "no free ports at offsets \(offsets) on 127.0.0.1 below the ephemeral range" }
    }

    /// The lowest port the tests use.
    static let lowest = 10_000

    /// The first ephemeral port of this machine (32768 when the file cannot be read).
    static let ephemeralFirst: Int = {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32_768
    }()

    /// A free port.
    static func free() throws -> Int { try freeBase(offsets: [0]) }

    /// A base port such that base + each of `offsets` is free now.
    static func freeBase(offsets: [Int]) throws -> Int {
        let highest = max(lowest + 1, ephemeralFirst) - 1 - (offsets.max() ?? 0)
        guard highest > lowest else { throw Exhausted(offsets: offsets) }
        for _ in 0..<200 {
            let base = Int.random(in: lowest...highest)
            if offsets.allSatisfy({ isFree(base + $0) }) { return base }
        }
        throw Exhausted(offsets: offsets)
    }

    /// Whether nothing is bound to `port` on 127.0.0.1.
    static func isFree(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
