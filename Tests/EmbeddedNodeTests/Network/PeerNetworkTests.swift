import Canonical
@testable import EmbeddedNode
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import NodeTestSupport
import Testing
import WorkflowTestSupport

/// The peer network over real sockets on 127.0.0.1: two validators admit each other and
/// exchange frames; a node with a certificate of another CA, or with a key genesis does not
/// list, is refused with the reason; a garbage frame from an admitted peer drops that
/// connection and nothing else; a peer that is down cannot make the outbound queue grow.
@Suite(.serialized) struct PeerNetworkTests {
    static let logger = Logger(label: "test.peer-network", factory: { _ in SwiftLogNoOpLogHandler() })
    /// An address nothing listens on (connections are refused at once).
    static let closedPort = 1

    /// Starts `id`'s network on 127.0.0.1 with `peers` (id and port).
    static func start(_ id: String, genesis: Genesis, identity: NodeCertificate, peers: [(String, Int)],
                      adjust: (inout PeerNetworkConfiguration) -> Void = { _ in }) async throws -> (network: PeerNetwork, port: Int) {
        var configuration = PeerNetworkConfiguration(
            localID: id, peers: peers.map { PeerAddress(organisationID: $0.0, host: "127.0.0.1", port: $0.1) })
        configuration.reconnectDelayBaseMs = 20
        configuration.reconnectDelayMaxMs = 200
        adjust(&configuration)
        let network = try PeerNetwork(configuration: configuration, genesis: genesis, identity: identity, logger: logger)
        return (network, try await network.start())
    }

    /// Polls `condition` every 10 ms until it holds or the (scaled) deadline passes.
    static func eventually(_ what: String, seconds: Double = 30, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + TestDeadline.seconds(seconds)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw PeerTestTimeout(what: what) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    static func isConnected(_ network: PeerNetwork, _ peer: String) -> Bool {
        network.linkStatus().first { $0.organisationID == peer }?.isConnected == true
    }

    /// The next message `network` receives, within the deadline.
    static func nextMessage(_ network: PeerNetwork) async throws -> PeerEnvelope {
        try await withThrowingTaskGroup(of: PeerEnvelope?.self) { group in
            group.addTask {
                var iterator = network.inbound.makeAsyncIterator()
                return await iterator.next()
            }
            group.addTask {
                try await Task.sleep(for: TestDeadline.seconds(30))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let envelope = first else { throw PeerTestTimeout(what: "a message") }
            return envelope
        }
    }

    @Test func twoValidatorsAdmitEachOtherAndExchangeFrames() async throws {
        let chain = try TestNetworkChain()
        // The bank knows no address of the auditor: genesis alone admits it when it dials in.
        let bank = try await Self.start("commercial-bank", genesis: chain.genesis, identity: chain.nodes["commercial-bank"]!, peers: [])
        let auditor = try await Self.start("auditor", genesis: chain.genesis, identity: chain.nodes["auditor"]!,
                                           peers: [("commercial-bank", bank.port)])
        try await Self.eventually("both connected") {
            Self.isConnected(bank.network, "auditor") && Self.isConnected(auditor.network, "commercial-bank")
        }
        auditor.network.send(.transaction([1, 2, 3]), to: "commercial-bank")
        let received = try await Self.nextMessage(bank.network)
        #expect(received.from == "auditor" && received.message == .transaction([1, 2, 3]))
        #expect(bank.network.peerIDs == ["auditor", "provincial-finance", "provincial-office"])
        bank.network.broadcast(.decidedRequest(fromHeight: 7))
        let answer = try await Self.nextMessage(auditor.network)
        #expect(answer.from == "commercial-bank" && answer.message == .decidedRequest(fromHeight: 7))
        await auditor.network.stop()
        await bank.network.stop()
    }

    @Test func aCertificateOfAnotherCAIsRefused() async throws {
        let chain = try TestNetworkChain()
        let rogueChain = try TestNetworkChain()   // same organisations, its own CA
        let bank = try await Self.start("commercial-bank", genesis: chain.genesis, identity: chain.nodes["commercial-bank"]!,
                                        peers: [("auditor", Self.closedPort)])
        let rogue = try await Self.start("auditor", genesis: rogueChain.genesis, identity: rogueChain.nodes["auditor"]!,
                                         peers: [("commercial-bank", bank.port)])
        try await Self.eventually("the bank refuses the rogue") {
            bank.network.recentEvents().contains { event in
                guard case .refused(_, .handshakeFailed(let reason)) = event else { return false }
                return !reason.isEmpty
            }
        }
        #expect(!Self.isConnected(bank.network, "auditor"))
        #expect(!Self.isConnected(rogue.network, "commercial-bank"))
        await rogue.network.stop()
        await bank.network.stop()
    }

    @Test func aCertificateWhoseKeyGenesisDoesNotListIsRefused() async throws {
        let chain = try TestNetworkChain()
        // Issued by the real CA, but for a key genesis does not list for the auditor.
        let unlisted = try chain.ca.issue(organisationID: "auditor")
        var rogueFile = chain.file
        let index = try #require(rogueFile.organisations.firstIndex { $0.id == "auditor" })
        rogueFile.organisations[index].nodeKey = Hex.encode(unlisted.nodeKey)
        let rogueGenesis = try Genesis(file: rogueFile)
        let bank = try await Self.start("commercial-bank", genesis: chain.genesis, identity: chain.nodes["commercial-bank"]!,
                                        peers: [("auditor", Self.closedPort)])
        let rogue = try await Self.start("auditor", genesis: rogueGenesis, identity: unlisted, peers: [("commercial-bank", bank.port)])
        try await Self.eventually("the bank refuses the unlisted key") {
            bank.network.recentEvents().contains { event in
                guard case .refused(let remote, .keyNotInGenesis(let subject)) = event else { return false }
                return subject.contains("auditor") && remote.contains("127.0.0.1")
            }
        }
        #expect(!Self.isConnected(bank.network, "auditor"))
        await rogue.network.stop()
        await bank.network.stop()
    }

    @Test func aGarbageFrameDropsThatConnectionOnly() async throws {
        let chain = try TestNetworkChain()
        let bank = try await Self.start("commercial-bank", genesis: chain.genesis, identity: chain.nodes["commercial-bank"]!,
                                        peers: [("auditor", Self.closedPort), ("provincial-office", Self.closedPort)])
        let auditor = try await Self.start("auditor", genesis: chain.genesis, identity: chain.nodes["auditor"]!,
                                           peers: [("commercial-bank", bank.port)])
        try await Self.eventually("auditor connected") { Self.isConnected(bank.network, "auditor") }
        // A raw TLS client holding the provincial office's real certificate sends an unknown tag.
        let context = try PeerTLS.clientContext(ca: chain.ca.certificate, identity: chain.nodes["provincial-office"]!)
        let raw = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: nil))
                }
            }
            .connect(host: "127.0.0.1", port: bank.port).get()
        try await Self.eventually("office admitted") { Self.isConnected(bank.network, "provincial-office") }
        try await raw.writeAndFlush(PeerFrameDecoder.frame([0xEE, 0x01, 0x02]))
        try await Self.eventually("office dropped") {
            bank.network.recentEvents().contains { event in
                guard case .dropped("provincial-office", let reason) = event else { return false }
                return reason.contains("undecodable frame")
            }
        }
        try await Self.eventually("the raw connection closed") { !raw.isActive }
        try await Self.eventually("the office's link is down") { !Self.isConnected(bank.network, "provincial-office") }
        #expect(Self.isConnected(bank.network, "auditor"), "the other connection stays")
        auditor.network.send(.transaction([9]), to: "commercial-bank")
        let received = try await Self.nextMessage(bank.network)
        #expect(received.from == "auditor" && received.message == .transaction([9]))
        await auditor.network.stop()
        await bank.network.stop()
    }

    @Test func anOversizedFrameLengthDropsTheConnection() async throws {
        let chain = try TestNetworkChain()
        let bank = try await Self.start("commercial-bank", genesis: chain.genesis, identity: chain.nodes["commercial-bank"]!,
                                        peers: [("provincial-office", Self.closedPort)]) { $0.frameBytesMax = 1024 }
        let context = try PeerTLS.clientContext(ca: chain.ca.certificate, identity: chain.nodes["provincial-office"]!)
        let raw = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: nil))
                }
            }
            .connect(host: "127.0.0.1", port: bank.port).get()
        try await Self.eventually("office admitted") { Self.isConnected(bank.network, "provincial-office") }
        var header = ByteBufferAllocator().buffer(capacity: 4)
        header.writeInteger(UInt32(1025))
        try await raw.writeAndFlush(header)
        try await Self.eventually("office dropped for the length") {
            bank.network.recentEvents().contains { event in
                guard case .dropped("provincial-office", let reason) = event else { return false }
                return reason.contains("1025")
            }
        }
        try await Self.eventually("the raw connection closed") { !raw.isActive }
        await bank.network.stop()
    }

    @Test func aPeerThatIsDownCannotGrowTheOutboundQueue() async throws {
        let chain = try TestNetworkChain()
        let auditor = try await Self.start("auditor", genesis: chain.genesis, identity: chain.nodes["auditor"]!,
                                           peers: [("commercial-bank", Self.closedPort)]) { $0.outboundQueueFramesMax = 16 }
        for index in 0..<1000 { auditor.network.send(.decidedRequest(fromHeight: Int64(index)), to: "commercial-bank") }
        let link = try #require(auditor.network.linkStatus().first)
        #expect(link.organisationID == "commercial-bank" && !link.isConnected)
        #expect(link.queuedFrames == 16 && link.droppedFrames == 1000 - 16)
        await auditor.network.stop()
    }

    @Test func peerMessagesRoundTripAndGarbageIsAnError() throws {
        let messages: [PeerMessage] = [.transaction([1, 2, 3]), .decidedRequest(fromHeight: 12)]
        for message in messages { #expect(try PeerMessage.decode(peerBytes: message.canonicalBytes) == message) }
        #expect(throws: CanonicalError.self) { _ = try PeerMessage.decode(peerBytes: [0xEE]) }
        #expect(throws: CanonicalError.self) { _ = try PeerMessage.decode(peerBytes: PeerMessage.transaction([1]).canonicalBytes + [0]) }
        var negative = CanonicalWriter()
        negative.write(UInt8(3))
        negative.write(Int64(-1))
        #expect(throws: CanonicalError.self) { _ = try PeerMessage.decode(peerBytes: negative.bytes) }
    }
}

/// A wait in a peer-network test passed its deadline.
struct PeerTestTimeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}
