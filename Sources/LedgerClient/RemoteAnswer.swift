import Canonical
import EmbeddedNode
import Workflow

/// Reads a node's JSON-RPC answers into exact values: every value that carries `canonical` is
/// decoded from it; only integers, hashes and identifiers are read from plain members. A
/// missing or undecodable member is `.malformedAnswer` naming it.
enum RemoteAnswer {
    /// The value encoded in `answer["canonical"]`.
    static func canonical<Value: CanonicalDecodable>(_ answer: JSONValue, _ what: String) throws(LedgerError) -> Value {
        let bytes = try hex(answer, "canonical", what)
        do {
            return try Value(canonicalBytes: bytes)
        } catch {
            throw .malformedAnswer("\(what).canonical does not decode: \(error)")
        }
    }

    /// The values encoded in the `canonical` of each element of the array `answer`.
    static func canonicalArray<Value: CanonicalDecodable>(_ answer: JSONValue, _ what: String) throws(LedgerError) -> [Value] {
        guard let elements = answer.arrayValue else { throw .malformedAnswer("\(what) is not an array") }
        var values: [Value] = []
        values.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() { values.append(try canonical(element, "\(what)[\(index)]")) }
        return values
    }

    /// The bytes of the hex string member `key`.
    static func hex(_ answer: JSONValue, _ key: String, _ what: String) throws(LedgerError) -> [UInt8] {
        guard let text = answer[key]?.stringValue, let bytes = Hex.decode(text) else {
            throw .malformedAnswer("\(what).\(key) is not hex")
        }
        return bytes
    }

    /// The integer member `key`.
    static func integer(_ answer: JSONValue, _ key: String, _ what: String) throws(LedgerError) -> Int64 {
        guard let value = answer[key]?.int64Value else { throw .malformedAnswer("\(what).\(key) is not an integer") }
        return value
    }

    /// The string member `key`.
    static func string(_ answer: JSONValue, _ key: String, _ what: String) throws(LedgerError) -> String {
        guard let value = answer[key]?.stringValue else { throw .malformedAnswer("\(what).\(key) is not a string") }
        return value
    }

    /// A block of `fc_waitForBlock` / `fc_getBlockByNumber`: its header and receipts decoded,
    /// and its hash checked against the header's (under the chain's suite).
    static func block(_ answer: JSONValue, suite: any CryptoSuite) throws(LedgerError) -> BlockSummary {
        guard let headerAnswer = answer["header"] else { throw .malformedAnswer("block.header is missing") }
        let header: BlockHeader = try canonical(headerAnswer, "block.header")
        let hash = try hex(answer, "hash", "block")
        guard header.hash(suite) == hash else { throw .malformedAnswer("block \(header.height): hash does not match its header") }
        let receipts: [Receipt] = try canonicalArray(answer["receipts"] ?? .null, "block.receipts")
        let events: [WorkflowEvent] = try canonicalArray(answer["blockEvents"] ?? .null, "block.blockEvents")
        return BlockSummary(header: header, hash: hash, receipts: receipts, blockEvents: events)
    }

    /// A whole block of `fc_getBlockByNumber` / `fc_getBlockByHash`: header, transactions,
    /// receipts, events and certificate decoded, the hash checked against the header's and the
    /// parts against each other.
    static func blockDetail(_ answer: JSONValue, suite: any CryptoSuite) throws(LedgerError) -> BlockDetail {
        let summary = try block(answer, suite: suite)
        let header: BlockHeader = try canonical(answer["header"] ?? .null, "block.header")
        let transactions: [Transaction] = try canonicalArray(answer["transactions"] ?? .null, "block.transactions")
        let certificate: CommitCertificate = try canonical(answer["certificate"] ?? .null, "block.certificate")
        guard let detail = BlockDetail(hash: summary.hash, header: header, transactions: transactions, receipts: summary.receipts,
                                       blockEvents: summary.blockEvents, certificate: certificate) else {
            throw .malformedAnswer("block \(header.height): transactions, receipts and certificate do not fit together")
        }
        return detail
    }

    /// `fc_health`'s answer.
    static func health(_ answer: JSONValue) throws(LedgerError) -> LedgerHealth {
        let what = "health"
        let validator = answer["validatorID"]
        guard validator == .null || validator?.stringValue != nil else { throw .malformedAnswer("health.validatorID is not a string") }
        guard let syncing = answer["syncing"]?.boolValue else { throw .malformedAnswer("health.syncing is not a Boolean") }
        // view, peersConnected and peersExpected are absent on nodes older than 0.6.
        return LedgerHealth(chainID: try string(answer, "chainID", what), tipHeight: try integer(answer, "tipHeight", what),
                            tipHash: try hex(answer, "tipHash", what), tipTimeMs: try integer(answer, "tipTimeMs", what),
                            mempoolCount: Int(try integer(answer, "mempoolCount", what)), validatorID: validator?.stringValue,
                            isSyncing: syncing, view: answer["view"]?.int64Value,
                            peersConnected: Int(answer["peersConnected"]?.int64Value ?? 0), peersExpected: Int(answer["peersExpected"]?.int64Value ?? 0))
    }

    /// The ledger's view of a JSON-RPC failure: -32010 is a refusal with its reason,
    /// -32011 not found, -32012 and the call's own timeout a timeout.
    static func error(_ error: RPCClientError) -> LedgerError {
        switch error {
        case .rpc(let rpc) where rpc.code == .transactionRejected:
            guard let data = rpc.data, let code = data["reason"]?.stringValue, let message = data["message"]?.stringValue,
                  let messageZh = data["messageZh"]?.stringValue else {
                return .malformedAnswer("a refusal without reason, message and messageZh: \(rpc)")
            }
            return .rejected(code: code, message: message, messageZh: messageZh)
        case .rpc(let rpc) where rpc.code == .notFound: return .notFound
        case .rpc(let rpc) where rpc.code == .timeout: return .timeout
        case .rpc(let rpc): return .transport("the node answered \(rpc)")
        case .timeout: return .timeout
        case .transport(let detail), .notSent(let detail): return .transport(detail)
        case .malformedResponse(let detail): return .malformedAnswer(detail)
        }
    }
}
