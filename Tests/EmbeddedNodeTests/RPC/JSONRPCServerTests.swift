import NIOHTTP1
import Testing
import WorkflowTestSupport

@testable import EmbeddedNode

/// Client → server round trips and every error path, over real sockets on 127.0.0.1.
@Suite struct JSONRPCServerTests {
    private static let callTimeout = TestDeadline.seconds(30)

    @Test func roundTripsEveryValueKind() async throws {
        let test = try await TestServer.start()
        let client = test.client
        #expect(try await client.call("null", timeout: Self.callTimeout) == .null)
        #expect(try await client.call("bool", timeout: Self.callTimeout) == true)
        #expect(try await client.call("bigInteger", timeout: Self.callTimeout) == .integer(9_007_199_254_740_993))
        #expect(try await client.call("double", timeout: Self.callTimeout) == .double(-1.5e-7))
        #expect(try await client.call("chinese", timeout: Self.callTimeout) == "农村种植产业扶贫项目 “引号” \u{1F600}")
        #expect(try await client.call("array", timeout: Self.callTimeout) == [1, "两", nil, [true]])
        let nested = try await client.call("nested", timeout: Self.callTimeout)
        #expect(nested == TestMethods.nestedObject)
        #expect(nested.objectValue?.keys == ["zeta", "alpha", "mu", "中文键"])
        #expect(nested["alpha"]?.objectValue?.keys == ["y", "x", "b"])
        let echoed: JSONValue = ["amountFen": 9_007_199_254_740_993, "memo": "拨款\u{0}\n", "list": [[], [:]]]
        #expect(try await client.call("echo", params: echoed, timeout: Self.callTimeout) == echoed)
        await test.stop()
    }

    @Test func rawBigIntegerTextSurvivesByteForByte() async throws {
        let test = try await TestServer.start()
        let body = #"{"jsonrpc":"2.0","method":"echo","params":[9007199254740993,{"b":1,"a":2}],"id":"x"}"#
        let response = try await RawHTTPConnection.send(body.bytes, port: test.port)
        #expect(response.status == .ok)
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"jsonrpc":"2.0","result":[9007199254740993,{"b":1,"a":2}],"id":"x"}"#)
        await test.stop()
    }

    @Test func keepAliveReusesOneConnectionForManyCalls() async throws {
        let test = try await TestServer.start()
        for index in 0..<50 {
            let sum = try await test.client.call("add", params: [.integer(Int64(index)), 1], timeout: Self.callTimeout)
            #expect(sum == .integer(Int64(index) + 1))
        }
        #expect(test.server.openConnectionCount == 1)
        await test.stop()
    }

    @Test func protocolErrorsCarryStandardCodes() async throws {
        let test = try await TestServer.start()
        let cases: [(body: String, code: RPCError.Code, id: JSONValue)] = [
            (#"{"jsonrpc":"2.0","method":"echo","id":1"#, .parseError, .null),
            (#"{"jsonrpc":"1.0","method":"echo","id":1}"#, .invalidRequest, 1),
            (#"{"method":"echo","id":"a"}"#, .invalidRequest, "a"),
            (#"{"jsonrpc":"2.0","id":2}"#, .invalidRequest, 2),
            (#"{"jsonrpc":"2.0","method":7,"id":2}"#, .invalidRequest, 2),
            (#"{"jsonrpc":"2.0","method":"echo","params":"x","id":3}"#, .invalidRequest, 3),
            (#"{"jsonrpc":"2.0","method":"echo","id":{"a":1}}"#, .invalidRequest, .null),
            (#"{"jsonrpc":"2.0","method":"nope","id":4}"#, .methodNotFound, 4),
            (#"{"jsonrpc":"2.0","method":"add","params":["x"],"id":null}"#, .invalidParams, .null),
            ("42", .invalidRequest, .null),
            ("[]", .invalidRequest, .null),
        ]
        for (body, code, id) in cases {
            let response = try await RawHTTPConnection.send(body.bytes, port: test.port)
            #expect(response.status == .ok, "\(body)")
            #expect(response.json?["jsonrpc"] == "2.0", "\(body)")
            #expect(response.errorCode == code.rawValue, "\(body)")
            #expect(response.json?["id"] == id, "\(body)")
        }
        await test.stop()
    }

    @Test func clientSurfacesHandlerAndLookupErrors() async throws {
        let test = try await TestServer.start()
        await #expect(throws: RPCClientError.rpc(.methodNotFound("missing"))) {
            try await test.client.call("missing", timeout: Self.callTimeout)
        }
        await #expect(throws: RPCClientError.rpc(.invalidParams("add takes two integers"))) {
            try await test.client.call("add", params: ["one", 2], timeout: Self.callTimeout)
        }
        await #expect(throws: RPCClientError.rpc(.invalidParams("sum overflows Int64"))) {
            try await test.client.call("add", params: [.integer(Int64.max), 1], timeout: Self.callTimeout)
        }
        await test.stop()
    }

    @Test func batchMixesResultsErrorsAndNotifications() async throws {
        let test = try await TestServer.start()
        let body = """
            [{"jsonrpc":"2.0","method":"add","params":[1,2],"id":"first"},
             {"jsonrpc":"2.0","method":"add","params":[5,5]},
             {"jsonrpc":"2.0","method":"missing","id":2},
             1,
             {"jsonrpc":"2.0","method":"missing"},
             {"jsonrpc":"2.0","method":"bigInteger","id":3.5}]
            """
        let response = try await RawHTTPConnection.send(body.bytes, port: test.port)
        #expect(response.status == .ok)
        let entries = try #require(response.json?.arrayValue)
        #expect(entries.count == 4)
        #expect(entries[0] == ["jsonrpc": "2.0", "result": 3, "id": "first"])
        #expect(entries[1]["error"]?["code"] == .integer(RPCError.Code.methodNotFound.rawValue))
        #expect(entries[2]["error"]?["code"] == .integer(RPCError.Code.invalidRequest.rawValue))
        #expect(entries[2]["id"] == .null)
        #expect(entries[3] == ["jsonrpc": "2.0", "result": 9_007_199_254_740_993, "id": 3.5])
        await test.stop()
    }

    @Test func notificationsGetNoContent() async throws {
        let test = try await TestServer.start()
        let single = try await RawHTTPConnection.send(#"{"jsonrpc":"2.0","method":"echo","params":[1]}"#.bytes, port: test.port)
        #expect(single.status == .noContent)
        #expect(single.body.isEmpty)
        let batch = #"[{"jsonrpc":"2.0","method":"echo"},{"jsonrpc":"2.0","method":"missing"}]"#
        let batchResponse = try await RawHTTPConnection.send(batch.bytes, port: test.port)
        #expect(batchResponse.status == .noContent)
        #expect(batchResponse.body.isEmpty)
        await test.stop()
    }

    @Test func batchOverTheLimitIsRefusedWhole() async throws {
        let test = try await TestServer.start(JSONRPCServerConfiguration(batchRequestsMax: 3))
        let request = #"{"jsonrpc":"2.0","method":"null","id":1}"#
        let allowed = try await RawHTTPConnection.send("[\(request),\(request),\(request)]".bytes, port: test.port)
        #expect(allowed.json?.arrayValue?.count == 3)
        let refused = try await RawHTTPConnection.send("[\(request),\(request),\(request),\(request)]".bytes, port: test.port)
        #expect(refused.errorCode == RPCError.Code.batchTooLarge.rawValue)
        #expect(refused.json?.arrayValue == nil)
        await test.stop()
    }

    @Test func bodyOverTheLimitGets413AndTheServerLivesOn() async throws {
        let test = try await TestServer.start(JSONRPCServerConfiguration(requestBodyBytesMax: 1_024))
        let padding = String(repeating: " ", count: 2_000)
        let oversized = #"{"jsonrpc":"2.0","method":"null","id":1}"# + padding
        let declared = try await RawHTTPConnection.send(oversized.bytes, port: test.port)
        #expect(declared.status == .payloadTooLarge)
        #expect(declared.errorCode == RPCError.Code.bodyTooLarge.rawValue)
        #expect(try await test.client.call("bool", timeout: Self.callTimeout) == true)
        await test.stop()
    }

    @Test func chunkedUploadOverTheLimitIsCutOffMidStream() async throws {
        // No Content-Length, so the server only notices while streaming; the client is still
        // sending megabytes when the 413 goes out, and must read it rather than a reset.
        let test = try await TestServer.start(JSONRPCServerConfiguration(requestBodyBytesMax: 64 << 10))
        let huge = [UInt8](repeating: UInt8(ascii: " "), count: 3 << 20)
        let response = try await RawHTTPConnection.send(huge, port: test.port,
            headers: [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")])
        #expect(response.status == .payloadTooLarge)
        #expect(response.errorCode == RPCError.Code.bodyTooLarge.rawValue)
        let small = #"{"jsonrpc":"2.0","method":"bool","id":1}"#.bytes
        let chunkedWithinLimit = try await RawHTTPConnection.send(small, port: test.port,
            headers: [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")])
        #expect(chunkedWithinLimit.json?["result"] == true)
        #expect(try await test.client.call("bool", timeout: Self.callTimeout) == true)
        await test.stop()
    }

    @Test func httpLevelRejections() async throws {
        let test = try await TestServer.start()
        let valid = #"{"jsonrpc":"2.0","method":"null","id":1}"#.bytes
        let get = try await RawHTTPConnection.send([], port: test.port, method: .GET)
        #expect(get.status == .methodNotAllowed)
        #expect(get.errorCode == RPCError.Code.invalidRequest.rawValue)
        let wrongPath = try await RawHTTPConnection.send(valid, port: test.port, uri: "/admin")
        #expect(wrongPath.status == .notFound)
        #expect(wrongPath.errorCode == RPCError.Code.invalidRequest.rawValue)
        let wrongType = try await RawHTTPConnection.send(valid, port: test.port, headers: [("Content-Type", "text/plain")])
        #expect(wrongType.status == .unsupportedMediaType)
        let withCharset = try await RawHTTPConnection.send(valid, port: test.port,
                                                           headers: [("Content-Type", "Application/JSON; charset=utf-8")])
        #expect(withCharset.status == .ok)
        // Rejections keep the connection usable.
        let connection = try await RawHTTPConnection(port: test.port)
        #expect(try await connection.send(valid, uri: "/x").status == .notFound)
        #expect(try await connection.send(valid).json?["result"] == .null)
        await connection.close()
        await test.stop()
    }

    @Test func bearerTokenIsRequiredWhenConfigured() async throws {
        let token = "s3cret-token"
        let test = try await TestServer.start(JSONRPCServerConfiguration(bearerToken: token), clientToken: token)
        #expect(try await test.client.call("bool", timeout: Self.callTimeout) == true)
        let valid = #"{"jsonrpc":"2.0","method":"null","id":1}"#.bytes
        let badHeaders: [[(String, String)]] = [
            [], [("Authorization", "Bearer wrong")], [("Authorization", "Bearer s3cret-token-longer")],
            [("Authorization", "Bearer s3cret")], [("Authorization", "Basic czNjcmV0LXRva2Vu")],
            [("Authorization", "Bearer s3cret-token"), ("Authorization", "Bearer s3cret-token")],
        ]
        for extra in badHeaders {
            let response = try await RawHTTPConnection.send(valid, port: test.port,
                                                            headers: [("Content-Type", "application/json")] + extra)
            #expect(response.status == .unauthorized, "\(extra)")
            #expect(response.errorCode == RPCError.Code.unauthorized.rawValue, "\(extra)")
            #expect(!String(decoding: response.body, as: UTF8.self).contains(token))
        }
        let lowercaseScheme = try await RawHTTPConnection.send(valid, port: test.port,
            headers: [("Content-Type", "application/json"), ("Authorization", "bearer \(token)")])
        #expect(lowercaseScheme.status == .ok)
        let anonymous = JSONRPCClient(endpoint: RPCEndpoint(host: "127.0.0.1", port: test.port), bearerToken: "nope")
        await #expect(throws: RPCClientError.rpc(.unauthorized())) {
            try await anonymous.call("bool", timeout: Self.callTimeout)
        }
        await anonymous.close()
        await test.stop()
    }

    @Test func nonLoopbackHostWithoutTokenRefusesToStart() async {
        let server = JSONRPCServer(configuration: JSONRPCServerConfiguration(host: "0.0.0.0"), registry: RPCMethodRegistry(),
                                   eventLoopGroup: .singletonMultiThreadedEventLoopGroup)
        await #expect(throws: JSONRPCServerError.self) { try await server.start() }
        await server.stop()
    }

    @Test func loopbackMeansALiteralLoopbackAddress() {
        for host in ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "localhost"] {
            #expect(JSONRPCServerConfiguration(host: host).isLoopbackHost, "\(host)")
        }
        for host in ["127.example.org", "0.0.0.0", "10.0.0.1", "::", "1270.0.0.1", "127.0.0", "127.0.0.256"] {
            #expect(!JSONRPCServerConfiguration(host: host).isLoopbackHost, "\(host)")
        }
    }

    @Test func tokenComparisonIsExactAndTotal() {
        #expect(BearerToken.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!BearerToken.constantTimeEqual(Array("abd".utf8), Array("abc".utf8)))
        #expect(!BearerToken.constantTimeEqual(Array("ab".utf8), Array("abc".utf8)))
        #expect(!BearerToken.constantTimeEqual(Array("abc\0".utf8), Array("abc".utf8)))
        #expect(!BearerToken.constantTimeEqual([], Array("abc".utf8)))
    }

    @Test func endpointParsesHTTPURLs() {
        #expect(RPCEndpoint(url: "http://127.0.0.1:8545") == RPCEndpoint(host: "127.0.0.1", port: 8545))
        #expect(RPCEndpoint(url: "http://[::1]:80/") == RPCEndpoint(host: "::1", port: 80))
        #expect(RPCEndpoint(url: "https://example.org:443") == nil)
        #expect(RPCEndpoint(url: "http://host:0") == nil)
        #expect(RPCEndpoint(url: "http://user@host:80") == nil)
    }
}
