import NIOCore
import NIOPosix
import Testing
import WorkflowTestSupport

@testable import EmbeddedNode

/// A client cannot hold the server with slow or too many connections: a request must arrive
/// whole within `requestReceiveTimeoutMs`, and connections beyond `connectionsMax` are closed.
@Suite struct JSONRPCConnectionLimitTests {
    @Test func aTricklingRequestIsCutOffAtItsDeadline() async throws {
        let test = try await TestServer.start(JSONRPCServerConfiguration(requestReceiveTimeoutMs: 300))
        let head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"jsonrpc\""
        let result = try await RawTCP.exchangeUntilClosed([Array(head.utf8)], port: test.port, timeoutMs: TestDeadline.milliseconds(120_000))
        #expect(result.received.isEmpty, "no answer to an incomplete request")
        #expect(result.endedBeforeDeadline, "the server closed it, not the client's 120 s deadline")
        #expect(try await test.client.call("bool", timeout: TestDeadline.seconds(30)) == true, "the server lives on")
        await test.stop()
    }

    @Test func connectionsBeyondTheCapAreClosedOnAccept() async throws {
        let test = try await TestServer.start(JSONRPCServerConfiguration(connectionsMax: 1))
        let port = test.port
        // Held until the server stops (its own deadline is a backstop), so however long a loaded
        // machine takes to get to the second connection, the first still holds the only slot.
        let holder = Task { try await RawTCP.exchange([], port: port, timeoutMs: TestDeadline.milliseconds(120_000)) }
        let clock = ContinuousClock()
        let deadline = clock.now + TestDeadline.seconds(30)
        // Polls with a short pause (never a bare spin: the test pool has two threads).
        while test.server.openConnectionCount < 1 {
            try #require(clock.now < deadline, "the first connection never registered")
            try await Task.sleep(for: .milliseconds(10))
        }
        // Connects and writes nothing: the server's close on accept is all it receives.
        let refused = try await RawTCP.exchangeUntilClosed([], port: port, timeoutMs: TestDeadline.milliseconds(60_000))
        #expect(refused.received.isEmpty)
        #expect(refused.endedBeforeDeadline, "closed on accept, not after the client's deadline")
        await test.stop()
        _ = try await holder.value
    }
}
