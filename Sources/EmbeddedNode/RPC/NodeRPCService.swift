import Canonical
import NIOCore
import NIOPosix
import Workflow

/// The node's JSON-RPC methods (docs/RPC.md): the chain (`fc_*`), the anchor contract
/// (`anchor_*`), governance (`gov_*`) and the fund flow's queries (`ff_*`). Parameters are always an object of named
/// members. Each method is a small function that validates its parameters
/// (`RPCError.invalidParams` naming the parameter), asks the node, and renders the answer as
/// JSON (money in fen plus yuan text, times in ISO 8601 UTC plus milliseconds, hashes in hex,
/// `canonical` bytes for values a Swift client decodes exactly).
///
/// ```swift
/// var registry = RPCMethodRegistry()
/// NodeRPCService(node: node).register(on: &registry)
/// let server = JSONRPCServer(configuration: JSONRPCServerConfiguration(), registry: registry)
/// ```
public struct NodeRPCService: Sendable {
    /// The longest `fc_waitForBlock` may wait.
    public static let waitTimeoutMsMax: Int64 = 60_000
    /// The most projects one `ff_projects` page holds.
    public static let projectsPageLimitMax: Int64 = 500
    /// The page size of `ff_projects` when no limit is given.
    public static let projectsPageLimitDefault: Int64 = 100
    /// The most reconciliation entries one `ff_reconciliation` answer holds (and the default).
    public static let reconciliationPageLimitMax: Int64 = 500

    /// The node answered for.
    public let node: Node
    private let timerLoops: any EventLoopGroup

    /// A server configuration sized for this node: the largest legal transaction
    /// (`Transaction.encodedBytesMax`) fits as hex in one request body and one JSON string.
    public static func serverConfiguration(host: String, port: Int, bearerToken: String?) -> JSONRPCServerConfiguration {
        let hexBytesMax = 2 * Transaction.encodedBytesMax
        return JSONRPCServerConfiguration(host: host, port: port, requestBodyBytesMax: hexBytesMax + (64 << 10),
                                          bearerToken: bearerToken, jsonLimits: JSONLimits(stringBytesMax: hexBytesMax))
    }

    /// Creates the service for `node`.
    /// - Parameter timerLoops: runs the timers of `fc_waitForBlock`; NIO's shared group by default.
    public init(node: Node, timerLoops: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.node = node
        self.timerLoops = timerLoops
    }

    /// Registers every method on `registry`.
    public func register(on registry: inout RPCMethodRegistry) {
        let methods: [(name: String, known: [String], method: Method)] = [
            ("fc_submitTransaction", ["transaction"], { service, params throws(RPCError) in try await service.submitTransaction(params) }),
            ("fc_getTransactionByHash", ["hash"], { service, params throws(RPCError) in try await service.transactionByHash(params) }),
            ("fc_getTransactionByBlockAndIndex", ["height", "index"], { service, params throws(RPCError) in try await service.transactionByBlockAndIndex(params) }),
            ("fc_getReceipt", ["hash"], { service, params throws(RPCError) in try await service.receipt(params) }),
            ("fc_blockCount", [], { service, _ throws(RPCError) in .integer(await service.node.blockCount) }),
            ("fc_getBlockByNumber", ["height"], { service, params throws(RPCError) in try await service.blockByNumber(params) }),
            ("fc_getBlockByHash", ["hash"], { service, params throws(RPCError) in try await service.blockByHash(params) }),
            ("fc_getInclusionProof", ["hash"], { service, params throws(RPCError) in try await service.inclusionProof(params) }),
            ("fc_health", [], { service, _ throws(RPCError) in await service.node.health.json(genesis: service.node.genesis) }),
            ("fc_primaryExplanation", ["height"], { service, params throws(RPCError) in try await service.primaryExplanation(params) }),
            ("fc_waitForBlock", ["afterHeight", "timeoutMs", "summary"], { service, params throws(RPCError) in try await service.waitForBlock(params) }),
            ("anchor_query", ["key"], { service, params throws(RPCError) in try await service.anchorQuery(params) }),
            ("pressure_query", [], { service, _ throws(RPCError) in .members([("value", .integer(await service.node.pressureValue()))]) }),
            ("gov_state", [], { service, _ throws(RPCError) in await service.governanceState() }),
            ("ff_project", ["id"], { service, params throws(RPCError) in try await service.project(params) }),
            ("ff_projects", ["offset", "limit"], { service, params throws(RPCError) in try await service.projects(params) }),
            ("ff_draft", ["number"], { service, params throws(RPCError) in try await service.draft(params) }),
            ("ff_inbox", ["organisation"], { service, params throws(RPCError) in try await service.inbox(params) }),
            ("ff_draftsInvolving", ["organisation"], { service, params throws(RPCError) in try await service.draftsInvolving(params) }),
            ("ff_openExceptions", [], { service, _ throws(RPCError) in .array(await service.node.workflowState.openExceptions().map(\.json)) }),
            ("ff_stalledLegs", [], { service, _ throws(RPCError) in .array(await service.node.workflowState.stalledLegs().map(\.json)) }),
            ("ff_outstandingByAge", ["atMs"], { service, params throws(RPCError) in try await service.outstandingByAge(params) }),
            ("ff_balanceAdjustment", ["account"], { service, params throws(RPCError) in try await service.balanceAdjustment(params) }),
            ("ff_reconciliation", ["offset", "limit"], { service, params throws(RPCError) in try await service.reconciliation(params) }),

            ("ff_consortium", [], { service, _ throws(RPCError) in await service.consortium() }),
        ]
        for (name, known, method) in methods {
            registry.register(name) { params throws(RPCError) in
                try await method(self, try RPCParams(params, known: known))
            }
        }
    }

    /// One method: the service and the request's checked params in, the result out.
    private typealias Method = @Sendable (NodeRPCService, RPCParams) async throws(RPCError) -> JSONValue

    private var suite: any CryptoSuite { node.genesis.suite }

    /// Runs a node query, turning a storage failure into -32603.
    private func query<Value>(_ body: () throws(NodeError) -> Value) throws(RPCError) -> Value {
        do { return try body() } catch { throw .internalError("node storage: \(error)") }
    }

    // MARK: fc_ (the chain)

    private func submitTransaction(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        // Refuse an oversized transaction by its hex length, before decoding megabytes.
        let hexDigitsCount = try params.string("transaction").utf8.count
        guard hexDigitsCount <= 2 * Transaction.encodedBytesMax else {
            throw AdmissionError.malformed(.oversized(bytes: hexDigitsCount / 2, limit: Transaction.encodedBytesMax)).rpcError
        }
        let bytes = try params.hex("transaction")
        do {
            let hash = try await node.submit(bytes)
            return .members([("hash", .hex(hash))])
        } catch {
            throw error.rpcError
        }
    }

    private func transactionByHash(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let hash = try params.hex("hash", bytesCount: 32)
        guard let located = try query({ () throws(NodeError) in try node.transaction(hash: hash) }) else {
            throw .notFound("transaction \(Hex.encode(hash))")
        }
        return located.json(suite: suite)
    }

    private func transactionByBlockAndIndex(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let height = try params.integer("height", in: 1...Int64.max)
        let index = try params.integer("index", in: 0...Int64(Int32.max))
        guard let located = try query({ () throws(NodeError) in try node.transaction(height: height, index: Int(index)) }) else {
            throw .notFound("no transaction \(index) in block \(height)")
        }
        return located.json(suite: suite)
    }

    private func receipt(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let hash = try params.hex("hash", bytesCount: 32)
        guard let receipt = try query({ () throws(NodeError) in try node.receipt(transactionHash: hash) }) else {
            throw .notFound("receipt of transaction \(Hex.encode(hash))")
        }
        return receipt.json
    }

    private func blockByNumber(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let height = try params.integer("height", in: 1...Int64.max)
        guard let block = try query({ () throws(NodeError) in try node.block(height: height) }) else {
            throw .notFound("block \(height)")
        }
        return block.json(suite: suite)
    }

    private func blockByHash(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let hash = try params.hex("hash", bytesCount: 32)
        guard let block = try query({ () throws(NodeError) in try node.block(hash: hash) }) else {
            throw .notFound("block \(Hex.encode(hash))")
        }
        return block.json(suite: suite)
    }

    private func inclusionProof(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let hash = try params.hex("hash", bytesCount: 32)
        guard let inclusion = try query({ () throws(NodeError) in try node.inclusionProof(transactionHash: hash) }) else {
            throw .notFound("transaction \(Hex.encode(hash))")
        }
        return inclusion.json
    }

    /// "Why this primary" for block `height`, or for the next height when `height` is absent.
    private func primaryExplanation(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let height = try params.optionalInteger("height", in: 1...Int64.max)
        let explanation: HeightPrimaryExplanation?
        do { explanation = try await node.primaryExplanation(height: height) } catch { throw .internalError("node storage: \(error)") }
        guard let explanation else { throw .notFound("block \(height ?? 0) is neither committed nor the next height") }
        return explanation.json(suite: suite)
    }

    /// Long-poll: the first block above `afterHeight`, from the store if it is already
    /// committed, else the first one the node commits within `timeoutMs`; with `summary`, only
    /// its height, hash, time, proposer and transaction hashes (what a load generator needs).
    private func waitForBlock(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let afterHeight = try params.integer("afterHeight", in: 0...(Int64.max - 1))
        let timeoutMs = try params.integer("timeoutMs", in: 1...Self.waitTimeoutMsMax)
        let summary = try params.boolean("summary", default: false)
        func shown(_ block: CommittedBlock) -> JSONValue { summary ? block.summaryJSON(suite: suite) : block.json(suite: suite) }
        // Subscribe before reading the tip: a block committed in between is then in the stream.
        let blocks = await node.committedBlocks()
        if await node.blockCount > afterHeight {
            guard let block = try query({ () throws(NodeError) in try node.block(height: afterHeight + 1) }) else {
                throw .internalError("block \(afterHeight + 1) is below the tip but not stored")
            }
            return shown(block)
        }
        guard let block = await Self.firstBlock(in: blocks, above: afterHeight, timeoutMs: timeoutMs, timer: timerLoops.next()) else {
            throw .timeout("no block above height \(afterHeight) within \(timeoutMs) ms")
        }
        return shown(block)
    }

    /// The first block of `blocks` above `height`, or nil when `timeoutMs` passes first (an
    /// event-loop timer ends the wait; nothing polls), the stream ends, or the task is cancelled.
    private static func firstBlock(in blocks: AsyncStream<CommittedBlock>, above height: Int64, timeoutMs: Int64,
                                   timer: any EventLoop) async -> CommittedBlock? {
        let (expiry, expire) = AsyncStream.makeStream(of: Never.self)
        let scheduled = timer.scheduleTask(in: .milliseconds(timeoutMs)) { expire.finish() }
        defer { scheduled.cancel() }
        return await withTaskGroup(of: CommittedBlock?.self) { group in
            group.addTask {
                for await block in blocks where block.block.header.height > height { return block }
                return nil
            }
            group.addTask {
                for await _ in expiry {}
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    // MARK: anchor_

    private func anchorQuery(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let key = try params.string("key")
        guard !key.isEmpty, key.utf8.count <= TransactionPayload.anchorKeyBytesMax else {
            throw .invalidParams("key must be 1...\(TransactionPayload.anchorKeyBytesMax) bytes of UTF-8")
        }
        guard let valueHash = await node.anchorValue(key: key) else {
            throw RPCError(code: .notFound, message: "key does not exist", data: .members([("key", .string(key))]))
        }
        return .members([("key", .string(key)), ("valueHash", .hex(valueHash))])
    }
}
