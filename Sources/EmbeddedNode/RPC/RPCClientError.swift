/// Why a ``JSONRPCClient`` call produced no result.
public enum RPCClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Connecting, writing or reading failed, or the connection closed before the answer.
    case transport(String)
    /// The request never left this client: the reused connection had closed before the write.
    /// Safe to send again (the client does so once, on a fresh connection).
    case notSent(String)
    /// The server answered with a JSON-RPC error (including HTTP 401, 404, 405, 413 answers).
    case rpc(RPCError)
    /// No complete answer arrived within the call's timeout; the connection was closed.
    case timeout
    /// The server's answer was not a valid JSON-RPC response to this call.
    case malformedResponse(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .transport(let detail): return "transport error: \(detail)"
        case .notSent(let detail): return "not sent: \(detail)"
        case .rpc(let error): return "RPC error \(error)"
        case .timeout: return "timed out"
        case .malformedResponse(let detail): return "malformed response: \(detail)"
        }
    }
}
