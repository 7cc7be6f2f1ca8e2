import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal JSON-RPC 2.0 client over HTTP/1.1 keep-alive connections.
///
/// Each call borrows an idle connection (or opens one), sends one request and waits for its
/// answer; afterwards the connection goes back to a small idle pool. Concurrent calls use
/// separate connections. A connection that timed out, failed or was idle too long is closed,
/// and the next call reconnects. Calls are never retried, since a method may not be idempotent.
///
/// ```swift
/// let client = JSONRPCClient(endpoint: RPCEndpoint(host: "127.0.0.1", port: port), bearerToken: nil)
/// let height = try await client.call("chain.height", params: nil, timeout: .seconds(5))
/// await client.close()
/// ```
public final class JSONRPCClient: Sendable {
    private struct IdleConnection {
        var channel: any Channel
        var idleSince: NIODeadline
    }

    private struct State {
        var idleConnections: [IdleConnection] = []
        var nextRequestID: Int64 = 1
        var isClosed = false
    }

    /// The server this client talks to.
    public let endpoint: RPCEndpoint
    private let bearerToken: String?
    private let eventLoopGroup: any EventLoopGroup
    private let responseBodyBytesMax: Int
    private let idleConnectionsMax: Int
    private let idleConnectionReuseMs: Int64
    private let state = NIOLockedValueBox(State())

    /// Creates a client; no connection is made until the first call.
    ///
    /// - Parameters:
    ///   - bearerToken: Sent as `Authorization: Bearer …` on every request when set.
    ///   - eventLoopGroup: Defaults to NIO's shared singleton group, which needs no shutdown.
    ///   - responseBodyBytesMax: Larger answers fail with ``RPCClientError/malformedResponse(_:)``.
    ///   - idleConnectionsMax: How many idle connections are kept for reuse.
    ///   - idleConnectionReuseMs: An idle connection older than this is closed rather than reused;
    ///     keep it below the server's idle timeout so the server never closes one under a call.
    public init(
        endpoint: RPCEndpoint,
        bearerToken: String?,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        responseBodyBytesMax: Int = 16 << 20,
        idleConnectionsMax: Int = 4,
        idleConnectionReuseMs: Int64 = 20_000
    ) {
        precondition(responseBodyBytesMax > 0 && idleConnectionsMax >= 0 && idleConnectionReuseMs >= 0)
        self.endpoint = endpoint
        self.bearerToken = bearerToken
        self.eventLoopGroup = eventLoopGroup
        self.responseBodyBytesMax = responseBodyBytesMax
        self.idleConnectionsMax = idleConnectionsMax
        self.idleConnectionReuseMs = idleConnectionReuseMs
    }

    /// Calls `method` and returns its result.
    ///
    /// - Parameters:
    ///   - params: An array or object, or `nil` to omit `params`.
    ///   - timeout: Covers connecting, sending and waiting for the whole answer.
    /// - Throws: ``RPCClientError``; cancelling the calling task closes the connection and
    ///   throws ``RPCClientError/transport(_:)``.
    public func call(_ method: String, params: JSONValue? = nil, timeout: Duration) async throws(RPCClientError) -> JSONValue {
        precondition(params.map { $0.arrayValue != nil || $0.objectValue != nil } ?? true, "params must be an array or an object")
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        let requestID = state.withLockedValue { state -> Int64 in
            defer { state.nextRequestID += 1 }
            return state.nextRequestID
        }
        var request: JSONObject = ["jsonrpc": "2.0", "method": .string(method)]
        if let params { request["params"] = params }
        request["id"] = .integer(requestID)
        let body = JSONValue.object(request).serializedBytes()
        let (channel, response): (any Channel, RPCHTTPResponse)
        if let idle = try checkOutIdleConnection() {
            do {
                (channel, response) = try await exchange(body, on: idle.eventLoop.makeSucceededFuture(idle), deadline: deadline)
            } catch .notSent {
                // The pooled connection closed before the request was written: nothing reached
                // the server, so sending it once more, on a new connection, cannot run it twice.
                (channel, response) = try await exchange(body, on: connect(deadline: deadline), deadline: deadline)
            }
        } else {
            (channel, response) = try await exchange(body, on: connect(deadline: deadline), deadline: deadline)
        }
        if response.keepAlive { checkIn(channel) } else { channel.close(promise: nil) }
        return try RPCClientResponseReader.result(of: response, requestID: requestID)
    }

    /// Closes idle connections and refuses further calls. Calls in flight finish normally.
    public func close() async {
        let idle = state.withLockedValue { state -> [IdleConnection] in
            state.isClosed = true
            defer { state.idleConnections = [] }
            return state.idleConnections
        }
        for connection in idle { try? await connection.channel.close() }
    }

    /// Idle connections still open from this side.
    var openIdleConnectionCount: Int {
        state.withLockedValue { $0.idleConnections.filter { $0.channel.isActive }.count }
    }

    /// An idle connection still fresh enough to reuse, or nil; stale ones are closed.
    private func checkOutIdleConnection() throws(RPCClientError) -> (any Channel)? {
        let reuseLimit = NIODeadline.now() - .milliseconds(idleConnectionReuseMs)
        let (reusable, stale, isClosed) = state.withLockedValue { state in
            let fresh = state.idleConnections.filter { $0.idleSince >= reuseLimit && $0.channel.isActive }
            let stale = state.idleConnections.filter { !($0.idleSince >= reuseLimit && $0.channel.isActive) }
            state.idleConnections = Array(fresh.dropLast())
            return (fresh.last?.channel, stale.map(\.channel), state.isClosed)
        }
        for channel in stale { channel.close(promise: nil) }
        guard !isClosed else { throw .transport("client is closed") }
        return reusable
    }

    private func checkIn(_ channel: any Channel) {
        let keep = state.withLockedValue { state -> Bool in
            guard !state.isClosed, state.idleConnections.count < idleConnectionsMax, channel.isActive else { return false }
            state.idleConnections.append(IdleConnection(channel: channel, idleSince: .now()))
            return true
        }
        if !keep { channel.close(promise: nil) }
    }

    /// A new connection, as a future: the request is written on the event loop the moment the
    /// connection is up, so a busy task pool cannot leave a fresh connection idle long enough
    /// for the server to close it before the request.
    private func connect(deadline: NIODeadline) -> EventLoopFuture<any Channel> {
        let eventLoop = eventLoopGroup.next()
        let remaining = deadline - .now()
        guard remaining > .zero else { return eventLoop.makeFailedFuture(RPCClientError.timeout) }
        let responseBodyBytesMax = self.responseBodyBytesMax
        let endpoint = self.endpoint
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(remaining)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(RPCClientHandler(responseBodyBytesMax: responseBodyBytesMax))
                }
            }
        return bootstrap.connect(host: endpoint.host, port: endpoint.port).flatMapErrorThrowing { error in
            if case ChannelError.connectTimeout = error { throw RPCClientError.timeout }
            throw RPCClientError.transport("cannot connect to \(endpoint): \(error)")
        }
    }

    /// Sends `body` on the connection `channelFuture` yields and waits for the answer. Any
    /// failure closes the connection.
    private func exchange(_ body: [UInt8], on channelFuture: EventLoopFuture<any Channel>, deadline: NIODeadline)
        async throws(RPCClientError) -> (channel: any Channel, response: RPCHTTPResponse)
    {
        var headers = HTTPHeaders([("Host", "\(endpoint.host):\(endpoint.port)"), ("Content-Type", "application/json"),
                                   ("Content-Length", String(body.count))])
        if let bearerToken { headers.add(name: "Authorization", value: "Bearer \(bearerToken)") }
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/", headers: headers)
        let answer = channelFuture.flatMap { channel -> EventLoopFuture<(channel: any Channel, response: RPCHTTPResponse)> in
            let promise = channel.eventLoop.makePromise(of: RPCHTTPResponse.self)
            // A write refused before it reaches the handler (channel already closed) must still fail the call.
            let writePromise = channel.eventLoop.makePromise(of: Void.self)
            writePromise.futureResult.whenFailure { promise.fail(RPCClientError.notSent("\($0)")) }
            let exchange = RPCClientExchange(head: head, body: channel.allocator.buffer(bytes: body), deadline: deadline, promise: promise)
            channel.writeAndFlush(exchange, promise: writePromise)
            return promise.futureResult.map { (channel, $0) }
        }
        let closeConnection: @Sendable () -> Void = { channelFuture.whenSuccess { $0.close(promise: nil) } }
        do {
            return try await withTaskCancellationHandler {
                try await answer.get()
            } onCancel: {
                closeConnection()
            }
        } catch let error as RPCClientError {
            closeConnection()
            throw error
        } catch {
            closeConnection()
            throw .transport("\(error)")
        }
    }
}
