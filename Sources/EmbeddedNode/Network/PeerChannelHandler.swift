import NIOCore
import NIOSSL
import NIOTLS
import X509

/// The last handler of a peer connection: admits the peer once TLS completes, hands its
/// decoded messages to the network, and closes the connection (this one only) on a frame that
/// does not decode, a stream error, or a handshake that does not complete in time.
final class PeerChannelHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let network: PeerNetwork
    /// The organisation this node dialled, or nil for an accepted connection.
    private let expected: String?
    private var admitted: String?
    private var closing = false
    private var remote = "?"

    init(network: PeerNetwork, expected: String?) {
        self.network = network
        self.expected = expected
    }

    func channelActive(context: ChannelHandlerContext) {
        remote = context.remoteAddress.map { "\($0)" } ?? "?"
        if let expected { remote = "\(expected) at \(remote)" }
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let channel = context.channel
        context.eventLoop.scheduleTask(in: .milliseconds(Int64(network.configuration.handshakeTimeoutMs))) {
            handler.value.onHandshakeDeadline(channel)
        }
        context.fireChannelActive()
    }

    private func onHandshakeDeadline(_ channel: any Channel) {
        guard admitted == nil, !closing, channel.isActive else { return }
        refuse(.handshakeTimeout, channel: channel)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event { admit(context: context) }
        context.fireUserInboundEventTriggered(event)
    }

    private func admit(context: ChannelHandlerContext) {
        let certificate: Certificate
        do {
            guard let presented = try context.pipeline.syncOperations.nioSSL_peerCertificate() else {
                refuse(.handshakeFailed("no certificate presented"), channel: context.channel)
                return
            }
            certificate = try Certificate(derEncoded: try presented.toDERBytes())
        } catch {
            refuse(.handshakeFailed("certificate unreadable: \(error)"), channel: context.channel)
            return
        }
        switch network.admit(certificate, expected: expected) {
        case .success(let organisationID):
            admitted = organisationID
            network.attach(organisationID, nodeKey: CertificatePEM.nodeKey(certificate) ?? [], channel: context.channel)
        case .failure(let refusal):
            refuse(refusal, channel: context.channel)
        }
    }

    private func refuse(_ refusal: PeerRefusal, channel: any Channel) {
        closing = true
        network.record(.refused(remote: remote, refusal))
        channel.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let peer = admitted, !closing else { return }
        var buffer = unwrapInboundIn(data)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        do {
            network.deliver(try PeerMessage.decode(peerBytes: bytes), from: peer)
        } catch {
            drop(peer, reason: "undecodable frame of \(bytes.count) bytes (\(error))", context: context)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if let peer = admitted, context.channel.isWritable { network.drain(peer, channel: context.channel) }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !closing else { return }
        if let peer = admitted {
            drop(peer, reason: "\(error)", context: context)
        } else {
            refuse(.handshakeFailed("\(error)"), channel: context.channel)
        }
    }

    private func drop(_ peer: String, reason: String, context: ChannelHandlerContext) {
        closing = true
        network.record(.dropped(peer, reason: reason))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let peer = admitted { network.detach(peer, channel: context.channel) }
        context.fireChannelInactive()
    }
}
