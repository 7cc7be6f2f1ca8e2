/// Where a ``JSONRPCServer`` listens and the limits it enforces on every connection.
public struct JSONRPCServerConfiguration: Sendable {
    /// The address to bind. Defaults to loopback; any other address requires ``bearerToken``.
    public var host: String
    /// The TCP port; 0 lets the operating system pick one, which ``JSONRPCServer/start()`` returns.
    public var port: Int
    /// The largest request body accepted; a larger one is answered with HTTP 413 (-32002)
    /// as soon as the limit is crossed, and the connection is closed without reading the rest.
    public var requestBodyBytesMax: Int
    /// The most requests accepted in one batch; more is answered with -32003.
    public var batchRequestsMax: Int
    /// When set, every request must carry `Authorization: Bearer <token>`, else HTTP 401 (-32001).
    public var bearerToken: String?
    /// A connection with no request in progress and no bytes received for this long is closed.
    public var connectionIdleTimeoutMs: Int64
    /// A request whose head arrived must be complete (body included) within this long, or its
    /// connection is closed: a client trickling bytes cannot hold a connection forever.
    public var requestReceiveTimeoutMs: Int64
    /// The most connections open at once; a connection beyond it is closed on accept.
    public var connectionsMax: Int
    /// Limits for parsing request bodies.
    public var jsonLimits: JSONLimits

    /// Creates a configuration; every default suits a node listening on loopback.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        requestBodyBytesMax: Int = 4 << 20,
        batchRequestsMax: Int = 100,
        bearerToken: String? = nil,
        connectionIdleTimeoutMs: Int64 = 60_000,
        requestReceiveTimeoutMs: Int64 = 30_000,
        connectionsMax: Int = 256,
        jsonLimits: JSONLimits = JSONLimits()
    ) {
        self.host = host
        self.port = port
        self.requestBodyBytesMax = requestBodyBytesMax
        self.batchRequestsMax = batchRequestsMax
        self.bearerToken = bearerToken
        self.connectionIdleTimeoutMs = connectionIdleTimeoutMs
        self.requestReceiveTimeoutMs = requestReceiveTimeoutMs
        self.connectionsMax = connectionsMax
        self.jsonLimits = jsonLimits
    }

    /// Whether ``host`` is `localhost` or a loopback address literal (`127.0.0.0/8`, `::1`).
    /// A name such as `127.example.org` is not: it could resolve anywhere.
    public var isLoopbackHost: Bool {
        host == "localhost" || Self.isLoopbackAddress(host)
    }

    /// Whether `address` is a literal loopback IP: dotted IPv4 `127.x.y.z`, `::1`, or `::ffff:127.x.y.z`.
    static func isLoopbackAddress(_ address: String) -> Bool {
        if address == "::1" { return true }
        let ipv4 = address.hasPrefix("::ffff:") ? String(address.dropFirst("::ffff:".count)) : address
        let octets = ipv4.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ $0.count <= 3 && UInt8($0) != nil }) else { return false }
        return octets[0] == "127"
    }

    /// Checks the configuration before binding.
    func validate() throws(JSONRPCServerError) {
        guard (0...65_535).contains(port) else { throw .invalidConfiguration("port \(port) out of range") }
        guard requestBodyBytesMax > 0, batchRequestsMax > 0, connectionIdleTimeoutMs > 0 else {
            throw .invalidConfiguration("limits must be positive")
        }
        if let bearerToken, bearerToken.isEmpty || bearerToken.utf8.count > BearerToken.bytesMax {
            throw .invalidConfiguration("bearer token must be 1...\(BearerToken.bytesMax) bytes")
        }
        guard isLoopbackHost || bearerToken != nil else {
            throw .invalidConfiguration("a bearer token is required to listen on non-loopback host \(host)")
        }
    }
}

/// Why a ``JSONRPCServer`` could not start or stop.
public enum JSONRPCServerError: Error, Sendable, Equatable {
    /// The configuration is unusable; the reason names the field.
    case invalidConfiguration(String)
    /// `start()` was called on a server that is running or was stopped; servers are single-use.
    case alreadyStarted
    /// Binding the listening socket failed.
    case bindFailed(String)
}
