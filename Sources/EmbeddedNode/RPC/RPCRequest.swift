/// One validated JSON-RPC 2.0 request object.
struct RPCRequest: Sendable, Equatable {
    /// The method name.
    var method: String
    /// `params` when present: always an array or an object.
    var params: JSONValue?
    /// The id (string, number or null); `nil` when the member is absent, i.e. a notification.
    var id: JSONValue?

    /// Whether the caller expects no response.
    var isNotification: Bool { id == nil }
}

/// The outcome of validating one element of a request (or of a batch).
enum RPCRequestValidation: Sendable, Equatable {
    /// A well-formed request, ready to dispatch.
    case valid(RPCRequest)
    /// A malformed request; it is always answered, with its id when that id was usable, else null.
    case invalid(RPCError, id: JSONValue)

    /// Checks `element` against the JSON-RPC 2.0 request rules.
    init(validating element: JSONValue) {
        guard let object = element.objectValue else {
            self = .invalid(.invalidRequest("a request must be a JSON object"), id: .null)
            return
        }
        let id = object["id"]
        if let id, !Self.isUsableID(id) {
            self = .invalid(.invalidRequest("id must be a string, a number or null"), id: .null)
            return
        }
        let replyID = id ?? .null
        guard object["jsonrpc"] == .string("2.0") else {
            self = .invalid(.invalidRequest("jsonrpc must be exactly \"2.0\""), id: replyID)
            return
        }
        guard let method = object["method"]?.stringValue else {
            self = .invalid(.invalidRequest("method must be a string"), id: replyID)
            return
        }
        let params = object["params"]
        if let params, params.arrayValue == nil, params.objectValue == nil {
            self = .invalid(.invalidRequest("params must be an array or an object"), id: replyID)
            return
        }
        self = .valid(RPCRequest(method: method, params: params, id: id))
    }

    private static func isUsableID(_ id: JSONValue) -> Bool {
        switch id {
        case .string, .integer, .double, .null: return true
        case .bool, .array, .object: return false
        }
    }
}

/// Builders for response objects; members in the order `jsonrpc`, `result`/`error`, `id`.
enum RPCResponse {
    static func success(_ result: JSONValue, id: JSONValue) -> JSONValue {
        .object(["jsonrpc": "2.0", "result": result, "id": id])
    }

    static func failure(_ error: RPCError, id: JSONValue) -> JSONValue {
        .object(["jsonrpc": "2.0", "error": error.jsonValue, "id": id])
    }
}
