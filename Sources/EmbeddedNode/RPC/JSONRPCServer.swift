import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A JSON-RPC 2.0 server over HTTP/1.1 (POST to "/", keep-alive, pipelining-safe).
///
/// Single-use: `start()` once, `stop()` once. Handlers run in tasks off the event loop;
/// `stop()` closes every connection, cancels in-flight handlers and waits for them.
///
/// ```swift
/// var registry = RPCMethodRegistry()
/// registry.register("echo") { params throws(RPCError) in params ?? .null }
/// let server = JSONRPCServer(configuration: .init(port: 0), registry: registry)
/// let port = try await server.start()
/// // …
/// await server.stop()
/// ```
public final class JSONRPCServer: Sendable {
    private enum Lifecycle {
        case created
        case starting
        case running(serverChannel: any Channel, ownedGroup: (any EventLoopGroup)?)
        case stopping
        case stopped
    }

    private struct State {
        var lifecycle = Lifecycle.created
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// The configuration the server was created with.
    public let configuration: JSONRPCServerConfiguration
    private let registry: RPCMethodRegistry
    private let logger: Logger
    private let providedEventLoopGroup: (any EventLoopGroup)?
    private let tracker = RPCConnectionTracker()
    private let state = NIOLockedValueBox(State())

    /// Creates a server; nothing is bound and no thread is started until ``start()``.
    ///
    /// - Parameters:
    ///   - eventLoopGroup: The group to run on; when `nil` the server creates one thread per
    ///     core in ``start()`` and shuts it down in ``stop()``.
    ///   - logger: Receives peer address, method and error code per request; never the token.
    public init(
        configuration: JSONRPCServerConfiguration,
        registry: RPCMethodRegistry,
        eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger = Logger(label: "fundchain.rpc.server")
    ) {
        self.configuration = configuration
        self.registry = registry
        self.logger = logger
        self.providedEventLoopGroup = eventLoopGroup
    }

    /// Binds and starts accepting connections.
    ///
    /// - Returns: The bound port (useful when ``JSONRPCServerConfiguration/port`` is 0).
    /// - Throws: ``JSONRPCServerError``; a server whose bind failed counts as stopped.
    public func start() async throws(JSONRPCServerError) -> Int {
        try configuration.validate()
        let claimed = state.withLockedValue { state -> Bool in
            guard case .created = state.lifecycle else { return false }
            state.lifecycle = .starting
            return true
        }
        guard claimed else { throw .alreadyStarted }
        let ownedGroup: (any EventLoopGroup)? =
            providedEventLoopGroup == nil ? MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount) : nil
        let group = providedEventLoopGroup ?? ownedGroup!
        let serverChannel: any Channel
        do {
            serverChannel = try await makeBootstrap(group: group).bind(host: configuration.host, port: configuration.port).get()
        } catch {
            try? await ownedGroup?.shutdownGracefully()
            finishStopping()
            throw .bindFailed("\(configuration.host):\(configuration.port): \(error)")
        }
        // "localhost" passed validation by name; the address actually bound must agree.
        let boundAddress = serverChannel.localAddress?.ipAddress ?? ""
        if configuration.bearerToken == nil, !JSONRPCServerConfiguration.isLoopbackAddress(boundAddress) {
            try? await serverChannel.close()
            try? await ownedGroup?.shutdownGracefully()
            finishStopping()
            throw .invalidConfiguration("bound non-loopback address \(boundAddress) without a bearer token")
        }
        let stoppedMeanwhile = state.withLockedValue { state -> Bool in
            guard case .starting = state.lifecycle else { return true }
            state.lifecycle = .running(serverChannel: serverChannel, ownedGroup: ownedGroup)
            return false
        }
        if stoppedMeanwhile {
            try? await serverChannel.close()
            try? await ownedGroup?.shutdownGracefully()
            finishStopping()
            throw .alreadyStarted
        }
        let port = serverChannel.localAddress?.port ?? 0
        logger.info("listening", metadata: ["host": "\(configuration.host)", "port": "\(port)",
                                            "auth": "\(configuration.bearerToken == nil ? "none" : "bearer")"])
        return port
    }

    /// Stops accepting, closes connections, cancels and awaits handler tasks, and shuts down
    /// the event loop group if the server owns it. Safe to call more than once, concurrently,
    /// or before `start()`; every call returns once the server is fully stopped.
    public func stop() async {
        let previous = state.withLockedValue { state -> Lifecycle in
            let previous = state.lifecycle
            switch previous {
            case .starting, .running: state.lifecycle = .stopping
            case .created, .stopping, .stopped: break
            }
            return previous
        }
        switch previous {
        case .running(let serverChannel, let ownedGroup):
            try? await serverChannel.close()
            await tracker.shutDown()
            try? await ownedGroup?.shutdownGracefully()
            logger.info("stopped")
            finishStopping()
        case .created:
            finishStopping()
        case .starting, .stopping, .stopped:
            await waitUntilStopped()
        }
    }

    /// Starts if needed and suspends until the server has stopped; cancelling the calling task stops the server.
    public func run() async throws(JSONRPCServerError) {
        let isCreated = state.withLockedValue { state -> Bool in
            if case .created = state.lifecycle { return true }
            return false
        }
        if isCreated { _ = try await start() }
        await withTaskCancellationHandler {
            await waitUntilStopped()
        } onCancel: {
            Task { await self.stop() }
        }
    }

    private func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isStopped = state.withLockedValue { state -> Bool in
                guard case .stopped = state.lifecycle else {
                    state.stopWaiters.append(continuation)
                    return false
                }
                return true
            }
            if isStopped { continuation.resume() }
        }
    }

    private func finishStopping() {
        let waiters = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.lifecycle = .stopped
            defer { state.stopWaiters = [] }
            return state.stopWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Handler tasks still running; zero after ``stop()`` returns.
    var activeHandlerTaskCount: Int { tracker.activeTaskCount }

    /// Open client connections.
    var openConnectionCount: Int { tracker.openConnectionCount }

    private func makeBootstrap(group: any EventLoopGroup) -> ServerBootstrap {
        let processor = RPCProcessor(registry: registry, batchRequestsMax: configuration.batchRequestsMax,
                                     limits: configuration.jsonLimits, logger: logger)
        let configuration = self.configuration
        let tracker = self.tracker
        let logger = self.logger
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                guard tracker.register(channel, connectionsMax: configuration.connectionsMax) else { return channel.close() }
                return channel.eventLoop.makeCompletedFuture {
                    let idleTimeout = TimeAmount.milliseconds(configuration.connectionIdleTimeoutMs)
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idleTimeout))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        RPCHTTPHandler(configuration: configuration, processor: processor, tracker: tracker, logger: logger))
                }
            }
    }
}
