import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
import WorkflowTestSupport

@testable import EmbeddedNode

/// A server on 127.0.0.1 with an OS-chosen port, plus a client for it.
struct TestServer {
    let server: JSONRPCServer
    let port: Int
    let client: JSONRPCClient

    /// Starts a server with `registry` (default: ``TestMethods/registry()``).
    static func start(
        _ configuration: JSONRPCServerConfiguration = JSONRPCServerConfiguration(),
        registry: RPCMethodRegistry = TestMethods.registry(),
        clientToken: String? = nil
    ) async throws -> TestServer {
        // Warnings and above only: the fuzz tests send hundreds of bad bodies, and a log line for
        // each would bury the test report.
        var logger = Logger(label: "fundchain.rpc.server.test")
        logger.logLevel = .warning
        let server = JSONRPCServer(configuration: configuration, registry: registry,
                                   eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger)
        let port = try await server.start()
        let client = JSONRPCClient(endpoint: RPCEndpoint(host: "127.0.0.1", port: port), bearerToken: clientToken)
        return TestServer(server: server, port: port, client: client)
    }

    /// Stops both and checks that nothing is left running.
    func stop() async {
        await client.close()
        await server.stop()
        #expect(server.activeHandlerTaskCount == 0)
        #expect(server.openConnectionCount == 0)
    }
}

/// An HTTP answer seen by a raw test request.
struct RawResponse {
    var status: HTTPResponseStatus
    var body: [UInt8]
    var json: JSONValue? { try? JSONValue(parsing: body) }
    /// `error.code` of a single JSON-RPC error response.
    var errorCode: Int64? { json?["error"]?["code"]?.int64Value }
}

/// Sends hand-made HTTP requests (any method, path, headers, body bytes) on one connection,
/// reusing the client's handler; used where `JSONRPCClient` would refuse to send.
final class RawHTTPConnection: Sendable {
    let channel: any Channel
    let port: Int

    init(port: Int) async throws {
        self.port = port
        channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(RPCClientHandler(responseBodyBytesMax: 64 << 20))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
    }

    func send(
        _ body: [UInt8], method: HTTPMethod = .POST, uri: String = "/",
        headers extraHeaders: [(String, String)] = [("Content-Type", "application/json")],
        timeoutMs: Int64 = TestDeadline.milliseconds(30_000)
    ) async throws -> RawResponse {
        var headers = HTTPHeaders([("Host", "127.0.0.1:\(port)")])
        headers.add(contentsOf: extraHeaders)
        if !headers.contains(name: "transfer-encoding") { headers.add(name: "Content-Length", value: String(body.count)) }
        let promise = channel.eventLoop.makePromise(of: RPCHTTPResponse.self)
        let exchange = RPCClientExchange(
            head: HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: headers),
            body: channel.allocator.buffer(bytes: body), deadline: .now() + .milliseconds(timeoutMs), promise: promise)
        channel.writeAndFlush(exchange, promise: nil)
        let response = try await promise.futureResult.get()
        return RawResponse(status: response.status, body: response.body)
    }

    func close() async {
        try? await channel.close()
    }

    /// One request on a fresh connection.
    static func send(
        _ body: [UInt8], port: Int, method: HTTPMethod = .POST, uri: String = "/",
        headers: [(String, String)] = [("Content-Type", "application/json")]
    ) async throws -> RawResponse {
        let connection = try await RawHTTPConnection(port: port)
        do {
            let response = try await connection.send(body, method: method, uri: uri, headers: headers)
            await connection.close()
            return response
        } catch {
            await connection.close()
            throw error
        }
    }
}

/// A one-shot signal a long-poll handler can wait for, with a timeout; cancellation ends a wait.
final class TestSignal: Sendable {
    private struct State {
        var fired = false
        var nextWaiterID = 0
        var waiterByID: [Int: CheckedContinuation<Bool, Never>] = [:]
        var finishedWaiterIDs: Set<Int> = []
    }

    private let state = NIOLockedValueBox(State())

    /// Wakes every waiter, and lets later waits return at once.
    func fire() {
        let waiters = state.withLockedValue { state in
            state.fired = true
            defer { state.waiterByID = [:] }
            return Array(state.waiterByID.values)
        }
        for waiter in waiters { waiter.resume(returning: true) }
    }

    /// The number of handlers currently waiting.
    var waiterCount: Int { state.withLockedValue { $0.waiterByID.count } }

    /// `true` when fired within `timeoutMs`; `false` on timeout or cancellation.
    func wait(timeoutMs: Int64) async -> Bool {
        let waiterID = state.withLockedValue { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let timer = Task {
            try? await Task.sleep(for: .milliseconds(timeoutMs))
            self.finish(waiterID, returning: false)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate: Bool? = state.withLockedValue { state in
                    if state.fired { return true }
                    if state.finishedWaiterIDs.contains(waiterID) { return false }
                    state.waiterByID[waiterID] = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            self.finish(waiterID, returning: false)
        }
    }

    private func finish(_ waiterID: Int, returning value: Bool) {
        let waiter = state.withLockedValue { state in
            state.finishedWaiterIDs.insert(waiterID)
            return state.waiterByID.removeValue(forKey: waiterID)
        }
        waiter?.resume(returning: value)
    }
}

/// Methods used across the tests.
enum TestMethods {
    static let bigInteger: Int64 = 9_007_199_254_740_993

    static func registry(signal: TestSignal = TestSignal()) -> RPCMethodRegistry {
        var registry = RPCMethodRegistry()
        registry.register("echo") { params throws(RPCError) in params ?? .null }
        registry.register("null") { _ throws(RPCError) in .null }
        registry.register("bool") { _ throws(RPCError) in .bool(true) }
        registry.register("bigInteger") { _ throws(RPCError) in .integer(bigInteger) }
        registry.register("double") { _ throws(RPCError) in .double(-1.5e-7) }
        registry.register("chinese") { _ throws(RPCError) in .string("农村种植产业扶贫项目 “引号” \u{1F600}") }
        registry.register("array") { _ throws(RPCError) in [1, "两", nil, [true]] }
        registry.register("nested") { _ throws(RPCError) in nestedObject }
        registry.register("add") { params throws(RPCError) in
            guard let a = params?[0]?.int64Value, let b = params?[1]?.int64Value else {
                throw .invalidParams("add takes two integers")
            }
            let (sum, overflow) = a.addingReportingOverflow(b)
            guard !overflow else { throw .invalidParams("sum overflows Int64") }
            return .integer(sum)
        }
        registry.register("waitForSignal") { params throws(RPCError) in
            let timeoutMs = params?["timeoutMs"]?.int64Value ?? 10_000
            guard await signal.wait(timeoutMs: timeoutMs) else { throw .timeout("no signal within \(timeoutMs) ms") }
            return "signalled"
        }
        return registry
    }

    static let nestedObject: JSONValue = [
        "zeta": 1, "alpha": ["y": "二", "x": [1, 2, ["deep": nil]], "b": false], "mu": 3.25, "中文键": "值",
    ]
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}

/// Writes raw bytes on a TCP connection and collects everything the server sends back until
/// `isComplete` holds for the bytes so far, the server closes, or the deadline passes.
enum RawTCP {
    static func exchange(
        _ chunks: [[UInt8]], port: Int, timeoutMs: Int64 = TestDeadline.milliseconds(30_000),
        isComplete: @escaping @Sendable ([UInt8]) -> Bool = { _ in false }
    ) async throws -> [UInt8] {
        try await exchangeUntilClosed(chunks, port: port, timeoutMs: timeoutMs, isComplete: isComplete).received
    }

    /// As `exchange`, and whether the connection ended without this side's deadline firing (the
    /// server closed it, or `isComplete` held): what a test of a server-side cut-off checks,
    /// rather than a wall-clock time a starved test thread can stretch.
    static func exchangeUntilClosed(
        _ chunks: [[UInt8]], port: Int, timeoutMs: Int64,
        isComplete: @escaping @Sendable ([UInt8]) -> Bool = { _ in false }
    ) async throws -> (received: [UInt8], endedBeforeDeadline: Bool) {
        let deadlineFired = NIOLockedValueBox(false)
        let promise = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: [UInt8].self)
        let channel = try await ClientBootstrap(group: promise.futureResult.eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteCollector(promise: promise, isComplete: isComplete))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let timeout = channel.eventLoop.scheduleTask(in: .milliseconds(timeoutMs)) {
            deadlineFired.withLockedValue { $0 = true }
            channel.close(promise: nil)
        }
        for chunk in chunks { try await channel.writeAndFlush(channel.allocator.buffer(bytes: chunk)) }
        let received = try await promise.futureResult.get()
        timeout.cancel()
        try? await channel.close()
        return (received, !deadlineFired.withLockedValue { $0 })
    }

    private final class ByteCollector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private let promise: EventLoopPromise<[UInt8]>
        private let isComplete: @Sendable ([UInt8]) -> Bool
        private var received: [UInt8] = []

        init(promise: EventLoopPromise<[UInt8]>, isComplete: @escaping @Sendable ([UInt8]) -> Bool) {
            self.promise = promise
            self.isComplete = isComplete
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received += Array(unwrapInboundIn(data).readableBytesView)
            if isComplete(received) { promise.succeed(received) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.succeed(received)
        }
    }
}
