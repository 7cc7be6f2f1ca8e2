import NIOCore
import NIOHTTP1

/// One HTTP request the client wants answered, with the promise for its answer.
struct RPCClientExchange: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer
    var deadline: NIODeadline
    var promise: EventLoopPromise<RPCHTTPResponse>
}

/// An HTTP answer as the client needs it.
struct RPCHTTPResponse: Sendable {
    var status: HTTPResponseStatus
    var keepAlive: Bool
    var body: [UInt8]
}

/// The client side of one connection: writes one exchange at a time, collects the answer up
/// to `responseBodyBytesMax`, and fails the exchange on timeout or when the connection drops.
final class RPCClientHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = RPCClientExchange
    typealias OutboundOut = HTTPClientRequestPart

    private struct Pending {
        var promise: EventLoopPromise<RPCHTTPResponse>
        var timeout: Scheduled<Void>
        var head: HTTPResponseHead?
        var body: ByteBuffer
    }

    private let responseBodyBytesMax: Int
    private var pending: Pending?

    init(responseBodyBytesMax: Int) {
        self.responseBodyBytesMax = responseBodyBytesMax
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard pending == nil else {
            exchange.promise.fail(RPCClientError.transport("connection already has a request in flight"))
            return
        }
        let channel = context.channel
        let timeout = context.eventLoop.assumeIsolated().scheduleTask(deadline: exchange.deadline) {
            self.finish(.failure(RPCClientError.timeout))
            channel.close(promise: nil)
        }
        pending = Pending(promise: exchange.promise, timeout: timeout, head: nil, body: channel.allocator.buffer(capacity: 0))
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(exchange.body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard pending != nil else {
            // An answer nobody asked for: the connection is out of step, so drop it.
            context.close(promise: nil)
            return
        }
        switch unwrapInboundIn(data) {
        case .head(let head):
            pending?.head = head
        case .body(var part):
            guard (pending?.body.readableBytes ?? 0) + part.readableBytes <= responseBodyBytesMax else {
                finish(.failure(RPCClientError.malformedResponse("body larger than \(responseBodyBytesMax) bytes")))
                context.close(promise: nil)
                return
            }
            pending?.body.writeBuffer(&part)
        case .end:
            guard let pending, let head = pending.head else { return }
            let response = RPCHTTPResponse(status: head.status, keepAlive: head.isKeepAlive,
                                           body: Array(pending.body.readableBytesView))
            finish(.success(response))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(RPCClientError.transport("connection closed before the answer arrived")))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(RPCClientError.transport("\(error)")))
        context.close(promise: nil)
    }

    private func finish(_ result: Result<RPCHTTPResponse, any Error>) {
        guard let pending else { return }
        self.pending = nil
        pending.timeout.cancel()
        pending.promise.completeWith(result)
    }
}

@available(*, unavailable)
extension RPCClientHandler: Sendable {}
