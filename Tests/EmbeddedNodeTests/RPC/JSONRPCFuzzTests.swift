import Foundation
import NIOCore
import NIOPosix
import Testing
import WorkflowTestSupport

@testable import EmbeddedNode

/// Sends hundreds of random and mutated bodies and checks that each gets a well-formed answer
/// (a JSON-RPC response, an empty 204, or an HTTP error with a JSON-RPC error body), and that
/// the server still answers a valid call afterwards. The seed is printed so a failure replays.
@Suite struct JSONRPCFuzzTests {
    private static let casesCount = 600
    private static let validBodies = [
        #"{"jsonrpc":"2.0","method":"echo","params":{"a":[1,2.5,"三"],"b":null},"id":1}"#,
        #"[{"jsonrpc":"2.0","method":"add","params":[1,2],"id":"x"},{"jsonrpc":"2.0","method":"null"}]"#,
        #"{"jsonrpc":"2.0","method":"nested","id":null}"#,
    ]

    @Test func randomAndMutatedBodiesAlwaysGetWellFormedAnswers() async throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["RPC_FUZZ_SEED"] ?? "") ?? UInt64.random(in: 0...UInt64.max)
        print("JSONRPCFuzzTests seed \(seed) (replay with RPC_FUZZ_SEED=\(seed))")
        var generator = SeededGenerator(seed: seed)
        let test = try await TestServer.start(JSONRPCServerConfiguration(requestBodyBytesMax: 256 << 10))
        let connection = try await RawHTTPConnection(port: test.port)
        for caseIndex in 0..<Self.casesCount {
            let body = Self.makeBody(caseIndex: caseIndex, generator: &generator)
            let response = try await connection.send(body, timeoutMs: TestDeadline.milliseconds(30_000))
            try Self.checkWellFormed(response, caseIndex: caseIndex, seed: seed)
        }
        await connection.close()
        #expect(try await test.client.call("bigInteger", timeout: TestDeadline.seconds(30)) == .integer(TestMethods.bigInteger))
        await test.stop()
    }

    @Test func hostileBodiesOnFreshConnections() async throws {
        // The named nasty shapes, each on its own connection, including the over-limit one.
        let test = try await TestServer.start(JSONRPCServerConfiguration(requestBodyBytesMax: 256 << 10))
        let bodies: [[UInt8]] = [
            Array(String(repeating: "[", count: 10_000).utf8),
            Array((String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)).utf8),
            Array(#"{"jsonrpc":"2.0","method":"echo","params":[1e999999],"id":1}"#.utf8),
            Array(#"{"jsonrpc":"2.0","method":"echo","params":[123456789012345678901234567890],"id":1}"#.utf8),
            Array(("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[" + String(repeating: "9", count: 5_000) + "],\"id\":1}").utf8),
            [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D],
            Array(#"{"jsonrpc":"2.0","method":"\ud800","id":1}"#.utf8),
            Array(#"{"jsonrpc":"2.0","method":"echo","id":1,"id":2}"#.utf8),
            Array(("[" + Array(repeating: "1", count: 50_000).joined(separator: ",") + "]").utf8),
            Array(("{\"jsonrpc\":\"2.0\",\"method\":\"" + String(repeating: "m\n", count: 100_000) + "\",\"id\":1}").utf8),
            [UInt8](repeating: 0, count: 1_000),
            [UInt8](repeating: UInt8(ascii: "["), count: 300 << 10),
        ]
        for (index, body) in bodies.enumerated() {
            let response = try await RawHTTPConnection.send(body, port: test.port)
            try Self.checkWellFormed(response, caseIndex: index, seed: 0)
        }
        let bigAsDouble = try await RawHTTPConnection.send(bodies[3], port: test.port)
        #expect(bigAsDouble.json?["result"]?[0]?.doubleValue == 1.2345678901234568e29)
        #expect(try await test.client.call("bool", timeout: TestDeadline.seconds(30)) == true)
        await test.stop()
    }

    /// Every fourth case is random bytes; the rest mutate a valid body (truncate, flip,
    /// insert, delete, splice in nasty fragments).
    private static func makeBody(caseIndex: Int, generator: inout SeededGenerator) -> [UInt8] {
        if caseIndex % 4 == 0 {
            let count = Int.random(in: 0...512, using: &generator)
            return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
        var body = Array(validBodies[caseIndex % validBodies.count].utf8)
        let fragments: [[UInt8]] = [
            Array(#""\ud83d""#.utf8), [0xC3], [0xF4, 0x90, 0x80, 0x80], Array("1e400".utf8),
            Array("99999999999999999999999".utf8), Array(String(repeating: "[", count: 200).utf8),
            Array(#","id":{}"#.utf8), Array(#""jsonrpc":"1.0","#.utf8), [0x00], Array("\u{2028}".utf8),
        ]
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = Int.random(in: 0...body.count, using: &generator)
            switch Int.random(in: 0..<5, using: &generator) {
            case 0: body = Array(body.prefix(position))
            case 1 where position < body.count: body[position] ^= UInt8.random(in: 1...255, using: &generator)
            case 2: body.insert(UInt8.random(in: 0...255, using: &generator), at: position)
            case 3 where position < body.count: body.remove(at: position)
            default: body.insert(contentsOf: fragments.randomElement(using: &generator)!, at: position)
            }
        }
        return body
    }

    /// A 200 carries a JSON-RPC response (or a batch of them), a 204 nothing, anything else a JSON-RPC error.
    private static func checkWellFormed(_ response: RawResponse, caseIndex: Int, seed: UInt64) throws {
        let context = Comment(rawValue: "case \(caseIndex), seed \(seed), status \(response.status.code)")
        switch response.status {
        case .noContent:
            #expect(response.body.isEmpty, context)
        case .ok:
            let json = try #require(response.json, context)
            for entry in json.arrayValue ?? [json] {
                #expect(entry["jsonrpc"] == "2.0", context)
                #expect(entry.objectValue?.contains("id") == true, context)
                let hasResult = entry["result"] != nil
                let hasError = entry["error"].flatMap(RPCError.init(jsonValue:)) != nil
                #expect(hasResult != hasError, context)
            }
        default:
            #expect([413, 400].contains(response.status.code), context)
            if response.status.code == 413 {
                #expect(response.errorCode == RPCError.Code.bodyTooLarge.rawValue, context)
            }
        }
    }
}

/// Below HTTP: garbage on the socket and the `Expect: 100-continue` handshake.
@Suite struct RawSocketTests {
    @Test func garbageInsteadOfHTTPGets400AndTheServerLivesOn() async throws {
        let test = try await TestServer.start()
        var generator = SeededGenerator(seed: 7)
        let garbage: [[UInt8]] = [
            Array("HELLO\r\n\r\n".utf8), (0..<256).map { _ in UInt8.random(in: 0...255, using: &generator) },
            Array("POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n".utf8),
            Array("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n".utf8),
            Array(("POST / HTTP/1.1\r\nX: " + String(repeating: "a", count: 100_000) + "\r\n\r\n").utf8),
        ]
        for bytes in garbage {
            let answer = String(decoding: try await RawTCP.exchange([bytes], port: test.port), as: UTF8.self)
            #expect(answer.isEmpty || answer.hasPrefix("HTTP/1.1 400"), "\(answer.prefix(80))")
        }
        #expect(try await test.client.call("bool", timeout: TestDeadline.seconds(30)) == true)
        await test.stop()
    }

    @Test func expectContinueIsAnsweredBeforeTheBody() async throws {
        let test = try await TestServer.start()
        let body = #"{"jsonrpc":"2.0","method":"bool","id":1}"#
        let head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n"
        let interim = try await RawTCP.exchange([Array(head.utf8)], port: test.port, timeoutMs: TestDeadline.milliseconds(30_000)) { received in
            String(decoding: received, as: UTF8.self).contains("\r\n\r\n")
        }
        #expect(String(decoding: interim, as: UTF8.self).hasPrefix("HTTP/1.1 100 Continue"))
        let full = try await RawTCP.exchange([Array(head.utf8), Array(body.utf8)], port: test.port) { received in
            String(decoding: received, as: UTF8.self).hasSuffix(#""id":1}"#)
        }
        #expect(String(decoding: full, as: UTF8.self).contains("HTTP/1.1 200 OK"))
        await test.stop()
    }
}
