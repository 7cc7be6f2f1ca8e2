/// Where a ``JSONRPCClient`` connects: a host name or address and a TCP port.
public struct RPCEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The host name or IP address.
    public var host: String
    /// The TCP port, 1...65535.
    public var port: Int

    /// Creates an endpoint.
    public init(host: String, port: Int) {
        precondition((1...65_535).contains(port), "port \(port) out of range")
        self.host = host
        self.port = port
    }

    /// Parses `http://host:port` or `http://host:port/` (IPv6 hosts in brackets); `nil` for anything else.
    /// TLS is not spoken, so `https` is refused rather than silently downgraded.
    public init?(url: String) {
        let scheme = "http://"
        guard url.lowercased().hasPrefix(scheme) else { return nil }
        var authority = Substring(url.dropFirst(scheme.count))
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        guard let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...]),
            (1...65_535).contains(port)
        else { return nil }
        var host = authority[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty, !host.contains("/"), !host.contains("@") else { return nil }
        self.init(host: String(host), port: port)
    }

    /// `http://host:port`.
    public var description: String {
        host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }
}
