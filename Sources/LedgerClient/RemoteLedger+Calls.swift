import EmbeddedNode

extension RemoteLedger {
    /// Calls `method` with named params, turning client failures into `LedgerError`.
    func call(_ method: String, _ params: JSONValue? = nil) async throws(LedgerError) -> JSONValue {
        do {
            return try await client.call(method, params: params, timeout: callTimeout)
        } catch {
            throw RemoteAnswer.error(error)
        }
    }

    /// One `fc_waitForBlock` long-poll: the block after `height`, or nil when none committed
    /// within `waitMs` (1...`blockWaitMsMax`).
    func waitForBlock(after height: Int64, waitMs: Int64) async throws(LedgerError) -> BlockSummary? {
        precondition((1...Self.blockWaitMsMax).contains(waitMs), "a long-poll waits 1...\(Self.blockWaitMsMax) ms")
        let answer: JSONValue
        do {
            let params: JSONValue = ["afterHeight": .integer(height), "timeoutMs": .integer(waitMs)]
            answer = try await client.call("fc_waitForBlock", params: params, timeout: callTimeout + .milliseconds(waitMs))
        } catch .rpc(let error) where error.code == .timeout {
            // The node's wait ended without a block (-32012); the call itself did not time out.
            return nil
        } catch {
            throw RemoteAnswer.error(error)
        }
        let block = try RemoteAnswer.block(answer, suite: CryptoSuites.suite(signer.identity.key.suite))
        guard block.height == height + 1 else { throw .malformedAnswer("asked for block \(height + 1), got \(block.height)") }
        return block
    }

    /// The answer of `lookup`, or nil when the node says it does not exist (-32011).
    func optional<Value>(_ lookup: () async throws(LedgerError) -> Value) async throws(LedgerError) -> Value? {
        do {
            return try await lookup()
        } catch .notFound {
            return nil
        }
    }
}

extension Duration {
    /// The duration in whole milliseconds, rounded down (negative when it has passed).
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
