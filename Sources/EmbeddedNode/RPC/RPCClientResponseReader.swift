/// Interprets an HTTP answer as the JSON-RPC response to one call.
enum RPCClientResponseReader {
    /// The call's result, or the error the answer carries.
    static func result(of response: RPCHTTPResponse, requestID: Int64) throws(RPCClientError) -> JSONValue {
        guard !response.body.isEmpty else {
            throw response.status == .ok || response.status == .noContent
                ? .malformedResponse("empty body (HTTP \(response.status.code))")
                : .transport("HTTP \(response.status.code) without a body")
        }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: response.body)
        } catch {
            throw response.status == .ok
                ? .malformedResponse("invalid JSON: \(error)")
                : .transport("HTTP \(response.status.code) with an unreadable body")
        }
        guard let object = document.objectValue, object["jsonrpc"] == "2.0" else {
            throw .malformedResponse("not a JSON-RPC 2.0 response object")
        }
        if let errorValue = object["error"] {
            guard let error = RPCError(jsonValue: errorValue) else { throw .malformedResponse("unreadable error object") }
            throw .rpc(error)
        }
        guard object["id"] == .integer(requestID) else { throw .malformedResponse("answer is for another request id") }
        guard let result = object["result"] else { throw .malformedResponse("neither result nor error") }
        return result
    }
}
