/// A JSON-RPC 2.0 error object: a code, a short message and optional structured data.
///
/// Handlers throw it to answer a call with an error; the client surfaces it as
/// ``RPCClientError/rpc(_:)``. Use the factory functions so codes stay consistent:
///
/// ```swift
/// throw RPCError.invalidParams("amountFen must be a positive integer")
/// ```
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The numeric error code; see the static constants on ``Code``.
    public var code: Code
    /// A short description, sent to the client.
    public var message: String
    /// Optional structured detail, sent to the client as `data`.
    public var data: JSONValue?

    /// Creates an error with any code.
    public init(code: Code, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}

extension RPCError {
    /// A JSON-RPC error code. The standard codes come from the JSON-RPC 2.0 specification;
    /// FundChain's own codes live in the server range -32000...-32099.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The number sent on the wire.
        public var rawValue: Int64

        /// Wraps a number.
        public init(rawValue: Int64) { self.rawValue = rawValue }

        /// The number as text.
        public var description: String { String(rawValue) }

        /// -32700: the body is not valid JSON.
        public static let parseError = Code(rawValue: -32700)
        /// -32600: the JSON is not a valid request object.
        public static let invalidRequest = Code(rawValue: -32600)
        /// -32601: no method with that name is registered.
        public static let methodNotFound = Code(rawValue: -32601)
        /// -32602: the method rejected its parameters.
        public static let invalidParams = Code(rawValue: -32602)
        /// -32603: the server failed internally.
        public static let internalError = Code(rawValue: -32603)
        /// -32001: the bearer token is missing or wrong (HTTP 401).
        public static let unauthorized = Code(rawValue: -32001)
        /// -32002: the request body exceeds the server's limit (HTTP 413).
        public static let bodyTooLarge = Code(rawValue: -32002)
        /// -32003: the batch has more requests than the server allows.
        public static let batchTooLarge = Code(rawValue: -32003)
        /// -32004: reserved for rate limiting; not produced yet.
        public static let rateLimited = Code(rawValue: -32004)
        /// -32010: the ledger rejected a submitted transaction.
        public static let transactionRejected = Code(rawValue: -32010)
        /// -32011: the requested object (block, transaction, project) does not exist.
        public static let notFound = Code(rawValue: -32011)
        /// -32012: a waiting call (long-poll) ran out of time.
        public static let timeout = Code(rawValue: -32012)
    }
}

extension RPCError {
    /// -32700 with the parser's reason.
    public static func parseError(_ detail: String) -> RPCError {
        RPCError(code: .parseError, message: "Parse error: \(detail)")
    }

    /// -32600 with what was wrong with the request object.
    public static func invalidRequest(_ detail: String) -> RPCError {
        RPCError(code: .invalidRequest, message: "Invalid request: \(detail)")
    }

    /// -32601 naming the unknown method.
    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(code: .methodNotFound, message: "Method not found: \(method)")
    }

    /// -32602 with what was wrong with the parameters.
    public static func invalidParams(_ detail: String) -> RPCError {
        RPCError(code: .invalidParams, message: "Invalid params: \(detail)")
    }

    /// -32603; keep `detail` free of secrets, it is sent to the client.
    public static func internalError(_ detail: String) -> RPCError {
        RPCError(code: .internalError, message: "Internal error: \(detail)")
    }

    /// -32001, sent with HTTP 401.
    public static func unauthorized() -> RPCError {
        RPCError(code: .unauthorized, message: "Unauthorized")
    }

    /// -32002, sent with HTTP 413.
    public static func bodyTooLarge(bytesMax: Int) -> RPCError {
        RPCError(code: .bodyTooLarge, message: "Request body larger than \(bytesMax) bytes")
    }

    /// -32003 naming the limit.
    public static func batchTooLarge(requestsMax: Int) -> RPCError {
        RPCError(code: .batchTooLarge, message: "Batch has more than \(requestsMax) requests")
    }

    /// -32010 with the ledger's reason.
    public static func transactionRejected(_ detail: String) -> RPCError {
        RPCError(code: .transactionRejected, message: "Transaction rejected: \(detail)")
    }

    /// -32011 naming what was not found.
    public static func notFound(_ detail: String) -> RPCError {
        RPCError(code: .notFound, message: "Not found: \(detail)")
    }

    /// -32012 with what timed out.
    public static func timeout(_ detail: String) -> RPCError {
        RPCError(code: .timeout, message: "Timeout: \(detail)")
    }
}

extension RPCError {
    /// The wire form: `{"code": …, "message": …, "data": …}` (`data` only when present).
    public var jsonValue: JSONValue {
        var object: JSONObject = ["code": .integer(code.rawValue), "message": .string(message)]
        if let data { object["data"] = data }
        return .object(object)
    }

    /// Reads the wire form; `nil` when `code` is not an integer or `message` not a string.
    public init?(jsonValue: JSONValue) {
        guard let code = jsonValue["code"]?.int64Value, let message = jsonValue["message"]?.stringValue else {
            return nil
        }
        self.init(code: Code(rawValue: code), message: message, data: jsonValue["data"])
    }
}
