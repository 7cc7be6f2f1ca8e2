import Logging
import NIOCore
import NIOHTTP1

/// One connection's HTTP/1.1 side of the server: checks each request's head, streams the
/// body up to the limit, runs the processor in a task off the event loop, writes the answer.
///
/// `HTTPServerPipelineHandler` sits in front, so at most one request is in progress per
/// connection and pipelined requests wait their turn without being read from the socket.
final class RPCHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// How long a connection that crossed the body limit is given to receive its 413 answer
    /// while the rest of its upload is discarded, before it is closed.
    static let drainLingerMs: Int64 = 2_000

    private enum State {
        /// Between requests.
        case idle
        /// Accepted head; collecting the body.
        case receiving(head: HTTPRequestHead, body: ByteBuffer)
        /// Rejected head; counting and dropping the body, answering at its end.
        case discarding(head: HTTPRequestHead, rejection: RPCHTTPRejection, bytesSeen: Int)
        /// The processor runs; the answer is written when it finishes.
        case processing(task: Task<Void, Never>)
        /// Answered 413 and half-closed; dropping up to `bytesLeft` more bytes before closing.
        case draining(bytesLeft: Int)
    }

    private let configuration: JSONRPCServerConfiguration
    private let processor: RPCProcessor
    private let tracker: RPCConnectionTracker
    private let logger: Logger
    private var state = State.idle
    private var peer = "unknown"
    /// Closes the connection if the request in progress is not complete in time.
    private var receiveDeadline: Scheduled<Void>?

    init(configuration: JSONRPCServerConfiguration, processor: RPCProcessor, tracker: RPCConnectionTracker, logger: Logger) {
        self.configuration = configuration
        self.processor = processor
        self.tracker = tracker
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        peer = context.channel.remoteAddress?.description ?? "unknown"
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        receiveDeadline?.cancel()
        if case .processing(let task) = state { task.cancel() }
        tracker.unregister(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (unwrapInboundIn(data), state) {
        case (.head(let head), .idle):
            armReceiveDeadline(context: context)
            switch RPCHTTPRejection(checking: head, configuration: configuration) {
            case .bodyTooLarge?: startDraining(context: context, head: head)
            case let rejection?: state = .discarding(head: head, rejection: rejection, bytesSeen: 0)
            case nil:
                state = .receiving(head: head, body: context.channel.allocator.buffer(capacity: 0))
                sendContinueIfExpected(context: context, head: head)
            }
        case (.body(var part), .receiving(let head, var body)):
            guard body.readableBytes + part.readableBytes <= configuration.requestBodyBytesMax else {
                startDraining(context: context, head: head)
                return
            }
            state = .idle  // drop the state's reference so appending does not copy the buffer
            body.writeBuffer(&part)
            state = .receiving(head: head, body: body)
        case (.body(let part), .discarding(let head, let rejection, let bytesSeen)):
            let bytesTotal = bytesSeen + part.readableBytes
            guard bytesTotal <= configuration.requestBodyBytesMax else {
                startDraining(context: context, head: head)
                return
            }
            state = .discarding(head: head, rejection: rejection, bytesSeen: bytesTotal)
        case (.body(let part), .draining(let bytesLeft)):
            state = .draining(bytesLeft: bytesLeft - part.readableBytes)
            if bytesLeft < part.readableBytes { context.close(promise: nil) }
        case (.end, .receiving(let head, let body)):
            receiveDeadline?.cancel()
            startProcessing(context: context, head: head, body: body)
        case (.end, .discarding(let head, let rejection, _)):
            receiveDeadline?.cancel()
            state = .idle
            logger.notice("rejected request", metadata: ["peer": "\(peer)", "code": "\(rejection.error.code)"])
            respond(context: context, head: head, status: rejection.status, body: rejection.body,
                    extraHeaders: rejection.extraHeaders)
        case (_, .draining):
            return
        default:
            // HTTPServerPipelineHandler never delivers parts in another order; treat it as a broken peer.
            context.close(promise: nil)
        }
    }

    /// Starts the clock on the request whose head just arrived.
    private func armReceiveDeadline(context: ChannelHandlerContext) {
        receiveDeadline?.cancel()
        let channel = context.channel
        let peer = self.peer
        let logger = self.logger
        receiveDeadline = context.eventLoop.scheduleTask(in: .milliseconds(configuration.requestReceiveTimeoutMs)) {
            logger.notice("request not complete in time; closing", metadata: ["peer": "\(peer)"])
            channel.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent, case .idle = state {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("connection error", metadata: ["peer": "\(peer)", "error": "\(error)"])
        context.close(promise: nil)
    }

    /// Answers `Expect: 100-continue` (sent by curl for bodies over 1 KiB) once the head was
    /// accepted, so such clients need not wait for their own timeout before sending the body.
    private func sendContinueIfExpected(context: ChannelHandlerContext, head: HTTPRequestHead) {
        guard head.headers["expect"].contains(where: { $0.lowercased() == "100-continue" }) else { return }
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
    }

    /// Answers 413 at once, half-closes, and drops what is still in flight for a short while,
    /// so the client reads the answer instead of a connection reset.
    private func startDraining(context: ChannelHandlerContext, head: HTTPRequestHead) {
        state = .draining(bytesLeft: configuration.requestBodyBytesMax)
        let rejection = RPCHTTPRejection.bodyTooLarge(bytesMax: configuration.requestBodyBytesMax)
        logger.notice("rejected request", metadata: ["peer": "\(peer)", "code": "\(rejection.error.code)"])
        _ = write(context: context, head: head, status: rejection.status, body: rejection.body,
                  extraHeaders: [], keepAlive: false)
        context.close(mode: .output, promise: nil)
        let channel = context.channel
        context.eventLoop.scheduleTask(in: .milliseconds(Self.drainLingerMs)) { channel.close(promise: nil) }
    }

    private func startProcessing(context: ChannelHandlerContext, head: HTTPRequestHead, body: ByteBuffer) {
        let bytes = Array(body.readableBytesView)
        let promise = context.eventLoop.makePromise(of: [UInt8]?.self)
        let processor = self.processor
        let peer = self.peer
        let task = tracker.spawn { promise.succeed(await processor.respond(toBody: bytes, peer: peer)) }
        guard let task else {
            promise.succeed(nil)
            state = .idle
            context.close(promise: nil)
            return
        }
        state = .processing(task: task)
        promise.futureResult.assumeIsolated().whenSuccess { responseBody in
            guard case .processing = self.state else { return }
            self.state = .idle
            let status: HTTPResponseStatus = responseBody == nil ? .noContent : .ok
            self.respond(context: context, head: head, status: status, body: responseBody)
        }
    }

    /// Writes a complete response and closes afterwards unless the client asked for keep-alive.
    private func respond(
        context: ChannelHandlerContext, head: HTTPRequestHead, status: HTTPResponseStatus, body: [UInt8]?,
        extraHeaders: [(String, String)] = []
    ) {
        let written = write(context: context, head: head, status: status, body: body,
                            extraHeaders: extraHeaders, keepAlive: head.isKeepAlive)
        guard !head.isKeepAlive else { return }
        written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    /// Writes head, body and end; `Content-Length` is set whenever there is a body.
    private func write(
        context: ChannelHandlerContext, head: HTTPRequestHead, status: HTTPResponseStatus, body: [UInt8]?,
        extraHeaders: [(String, String)], keepAlive: Bool
    ) -> EventLoopFuture<Void> {
        var headers = HTTPHeaders(extraHeaders)
        if let body {
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: String(body.count))
        }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let responseHead = HTTPResponseHead(version: head.version, status: status, headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        if let body {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        return context.writeAndFlush(wrapOutboundOut(.end(nil)))
    }
}

@available(*, unavailable)
extension RPCHTTPHandler: Sendable {}
