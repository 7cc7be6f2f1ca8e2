import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// Why the metrics endpoint could not start.
public enum MetricsServerError: Error, Equatable, Sendable {
    /// The address is not loopback and remote scraping was not allowed; the text says why.
    case remoteNotAllowed(String)
    /// Binding failed.
    case bindFailed(String)
}

/// `GET /metrics` over plain HTTP: the node's `NodeMetrics` in Prometheus text format, sampled
/// from the node at each scrape; the counters follow the node's commit stream. Anything else
/// is 404 (another path) or 405 (another method); each connection answers one request and
/// closes. The endpoint has no authentication, so it binds only to loopback unless remote
/// scraping is allowed explicitly.
///
/// ```swift
/// let server = MetricsServer(node: node, host: "127.0.0.1", port: 9464)
/// let port = try await server.start()
/// ```
public final class MetricsServer: Sendable {
    /// How long a connection may take to send its request.
    public static let requestReceiveTimeoutMs: Int64 = 10_000
    /// The largest request head or body accepted, in bytes.
    public static let requestBytesMax = 16 << 10

    /// The metrics served.
    public let metrics: NodeMetrics
    private let node: Node
    private let host: String
    private let port: Int
    private let allowRemote: Bool
    private let logger: Logger
    private let running = NIOLockedValueBox<(channel: (any Channel)?, follower: Task<Void, Never>?)>((nil, nil))

    /// A server for `node` on `host:port` (port 0 picks a free one).
    /// - Parameter allowRemote: bind to a non-loopback `host` too (the endpoint has no
    ///   authentication; a reverse proxy or firewall must guard it).
    public init(node: Node, host: String, port: Int, allowRemote: Bool = false, metrics: NodeMetrics = NodeMetrics(),
                logger: Logger = Logger(label: "fundchain.metrics")) {
        self.node = node
        self.host = host
        self.port = port
        self.allowRemote = allowRemote
        self.metrics = metrics
        self.logger = logger
    }

    /// Why `host` may not serve metrics without `allowRemote`, nil when it may.
    public static func remoteRefusal(host: String, allowRemote: Bool) -> String? {
        guard !allowRemote, !JSONRPCServerConfiguration(host: host, port: 0).isLoopbackHost else { return nil }
        return "metrics listen address \(host) is not loopback: the metrics endpoint has no authentication and shows the node's height, peers and credit scores; bind it to 127.0.0.1 or allow remote scraping explicitly (--metrics-allow-remote, metrics_allow_remote = true)"
    }

    /// Starts following the node's commits and listening; returns the bound port.
    public func start() async throws(MetricsServerError) -> Int {
        if let refusal = Self.remoteRefusal(host: host, allowRemote: allowRemote) { throw .remoteNotAllowed(refusal) }
        let node = node, metrics = metrics
        let blocks = await node.committedBlocks()
        let follower = Task {
            for await committed in blocks { metrics.record(committed, nowMs: Int64(Date().timeIntervalSince1970 * 1000)) }
        }
        let render: @Sendable () async -> String = {
            let health = await node.health
            if let scores = try? await node.creditScores(afterHeight: health.tipHeight) { metrics.sample(health, scores: scores) }
            return metrics.exposition()
        }
        let logger = logger
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(render: render, logger: logger))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            follower.cancel()
            throw .bindFailed("\(host):\(port): \(error)")
        }
        running.withLockedValue { $0 = (channel, follower) }
        let boundPort = channel.localAddress?.port ?? port
        logger.info("metrics listening", metadata: ["host": "\(host)", "port": "\(boundPort)"])
        return boundPort
    }

    /// Stops listening and following the node.
    public func stop() async {
        let (channel, follower) = running.withLockedValue { state in
            defer { state = (nil, nil) }
            return state
        }
        follower?.cancel()
        try? await channel?.close()
    }
}

/// One scrape per connection: reads the request, answers `GET /metrics` with the rendered
/// text, anything else with 404 or 405, then closes.
final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let render: @Sendable () async -> String
    private let logger: Logger
    private var head: HTTPRequestHead?
    private var bytesSeen = 0
    private var deadline: Scheduled<Void>?

    init(render: @escaping @Sendable () async -> String, logger: Logger) {
        self.render = render
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: .milliseconds(MetricsServer.requestReceiveTimeoutMs)) { channel.close(promise: nil) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
        case .body(let part):
            bytesSeen += part.readableBytes
            if bytesSeen > MetricsServer.requestBytesMax { context.close(promise: nil) }
        case .end:
            deadline?.cancel()
            guard let head else { return context.close(promise: nil) }
            self.head = nil
            let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
            guard path == "/metrics" else { return respond(context: context, status: .notFound, body: "not found: GET /metrics\n") }
            guard head.method == .GET || head.method == .HEAD else {
                return respond(context: context, status: .methodNotAllowed, body: "only GET /metrics\n")
            }
            let promise = context.eventLoop.makePromise(of: String.self)
            let render = self.render
            promise.completeWithTask { await render() }
            promise.futureResult.assumeIsolated().whenSuccess { text in
                self.respond(context: context, status: .ok, body: head.method == .HEAD ? "" : text,
                             contentType: "text/plain; version=0.0.4; charset=utf-8")
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("metrics connection error: \(error)")
        context.close(promise: nil)
    }

    private func respond(context: ChannelHandlerContext, status: HTTPResponseStatus, body: String,
                         contentType: String = "text/plain; charset=utf-8") {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: "\(body.utf8.count)")
        headers.add(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
