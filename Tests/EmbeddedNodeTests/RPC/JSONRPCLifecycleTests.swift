import NIOPosix
import Testing
import WorkflowTestSupport

@testable import EmbeddedNode

/// Long-polling handlers, concurrency, client reconnects and clean shutdown.
@Suite struct JSONRPCLifecycleTests {
    @Test func longPollWaitsWhileOtherRequestsProceed() async throws {
        // A handler blocked on a signal must not hold up other calls; the signal then releases it.
        let signal = TestSignal()
        let test = try await TestServer.start(registry: TestMethods.registry(signal: signal))
        let waiter = JSONRPCClient(endpoint: test.client.endpoint, bearerToken: nil)
        let longPoll = Task {
            try await waiter.call("waitForSignal", params: ["timeoutMs": .integer(TestDeadline.milliseconds(60_000))],
                                  timeout: TestDeadline.seconds(90))
        }
        try await Polling.wait(for: "the long-poll reaching its handler") { signal.waiterCount > 0 }
        for index in 0..<20 {
            let sum = try await test.client.call("add", params: [.integer(Int64(index)), 1], timeout: TestDeadline.seconds(30))
            #expect(sum == .integer(Int64(index) + 1))
        }
        #expect(signal.waiterCount == 1)
        signal.fire()
        #expect(try await longPoll.value == "signalled")
        await waiter.close()
        await test.stop()
    }

    @Test func longPollTimesOutWithItsOwnErrorCode() async throws {
        let test = try await TestServer.start()
        await #expect(throws: RPCClientError.rpc(.timeout("no signal within 50 ms"))) {
            try await test.client.call("waitForSignal", params: ["timeoutMs": 50], timeout: TestDeadline.seconds(30))
        }
        await test.stop()
    }

    @Test func clientTimeoutClosesTheConnectionAndTheNextCallReconnects() async throws {
        let test = try await TestServer.start()
        await #expect(throws: RPCClientError.timeout) {
            try await test.client.call("waitForSignal", params: ["timeoutMs": 20_000], timeout: .milliseconds(100))
        }
        #expect(try await test.client.call("bool", timeout: TestDeadline.seconds(30)) == true)
        await test.stop()
    }

    @Test func clientReconnectsAfterTheServerDroppedTheConnection() async throws {
        let test = try await TestServer.start(JSONRPCServerConfiguration(connectionIdleTimeoutMs: 500))
        #expect(try await test.client.call("bool", timeout: TestDeadline.seconds(30)) == true)
        try await Polling.wait(for: "the idle connection closing") {
            test.server.openConnectionCount == 0 && test.client.openIdleConnectionCount == 0
        }
        #expect(try await test.client.call("bool", timeout: TestDeadline.seconds(30)) == true)
        await test.stop()
    }

    @Test func concurrentCallsAllSucceed() async throws {
        let test = try await TestServer.start()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let result = try await test.client.call("echo", params: [.integer(Int64(index))], timeout: TestDeadline.seconds(30))
                    #expect(result == [.integer(Int64(index))])
                }
            }
            try await group.waitForAll()
        }
        await test.stop()
    }

    @Test func stopCancelsWaitingHandlersAndRefusesConnections() async throws {
        let signal = TestSignal()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = JSONRPCServer(configuration: JSONRPCServerConfiguration(), registry: TestMethods.registry(signal: signal),
                                   eventLoopGroup: group)
        let port = try await server.start()
        let client = JSONRPCClient(endpoint: RPCEndpoint(host: "127.0.0.1", port: port), bearerToken: nil)
        // A ten-minute long-poll: a stop that waited for it would take ten minutes, far beyond
        // any stall of a starved test thread (CI has seen 30 s).
        let longPoll = Task { try await client.call("waitForSignal", params: ["timeoutMs": 600_000], timeout: TestDeadline.seconds(660)) }
        let clock = ContinuousClock()
        try await Polling.wait(for: "the long-poll reaching its handler") { signal.waiterCount > 0 }
        let stopStarted = clock.now
        await server.stop()
        #expect(clock.now - stopStarted < TestDeadline.seconds(300), "stop waited for the ten-minute long-poll")
        #expect(server.activeHandlerTaskCount == 0)
        #expect(server.openConnectionCount == 0)
        await #expect(throws: RPCClientError.self) { try await longPoll.value }
        let fresh = JSONRPCClient(endpoint: RPCEndpoint(host: "127.0.0.1", port: port), bearerToken: nil)
        await #expect {
            try await fresh.call("bool", timeout: TestDeadline.seconds(30))
        } throws: { error in
            guard case RPCClientError.transport = error else { return false }
            return true
        }
        await server.stop()  // idempotent
        await client.close()
        await fresh.close()
        try await group.shutdownGracefully()
    }

    @Test func ownedEventLoopGroupAndRunLifecycle() async throws {
        let server = JSONRPCServer(configuration: JSONRPCServerConfiguration(), registry: TestMethods.registry())
        let port = try await server.start()
        await #expect(throws: JSONRPCServerError.alreadyStarted) { try await server.start() }
        let runner = Task { try await server.run() }
        let client = JSONRPCClient(endpoint: RPCEndpoint(host: "127.0.0.1", port: port), bearerToken: nil)
        #expect(try await client.call("bool", timeout: TestDeadline.seconds(30)) == true)
        runner.cancel()
        try await runner.value
        await server.stop()
        #expect(server.activeHandlerTaskCount == 0)
        await client.close()
    }
}
