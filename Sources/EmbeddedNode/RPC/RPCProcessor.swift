import Logging

/// Turns a request body into a response body: JSON parsing, single and batch semantics,
/// notifications, dispatch to handlers. No I/O, so it is testable without sockets.
struct RPCProcessor: Sendable {
    let registry: RPCMethodRegistry
    let batchRequestsMax: Int
    let limits: JSONLimits
    let logger: Logger

    /// The response body to send, or `nil` when every request was a notification
    /// (the transport answers HTTP 204 with no body).
    func respond(toBody body: [UInt8], peer: String) async -> [UInt8]? {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: body, limits: limits)
        } catch {
            logger.info("rejected body", metadata: ["peer": "\(peer)", "code": "\(RPCError.Code.parseError)"])
            return RPCResponse.failure(.parseError(error.description), id: .null).serializedBytes()
        }
        guard case .array(let elements) = document else {
            let response = await respond(to: RPCRequestValidation(validating: document), peer: peer)
            return response?.serializedBytes()
        }
        if elements.isEmpty {
            return RPCResponse.failure(.invalidRequest("empty batch"), id: .null).serializedBytes()
        }
        guard elements.count <= batchRequestsMax else {
            logger.info("rejected batch", metadata: ["peer": "\(peer)", "code": "\(RPCError.Code.batchTooLarge)"])
            return RPCResponse.failure(.batchTooLarge(requestsMax: batchRequestsMax), id: .null).serializedBytes()
        }
        let responses = await respondToBatch(elements, peer: peer)
        return responses.isEmpty ? nil : JSONValue.array(responses).serializedBytes()
    }

    /// Runs the batch's requests concurrently and returns the non-notification responses in request order.
    private func respondToBatch(_ elements: [JSONValue], peer: String) async -> [JSONValue] {
        let validations = elements.map(RPCRequestValidation.init(validating:))
        let responses = await withTaskGroup(of: (Int, JSONValue?).self) { group in
            for (position, validation) in validations.enumerated() {
                group.addTask { (position, await respond(to: validation, peer: peer)) }
            }
            var responseByPosition = [JSONValue?](repeating: nil, count: validations.count)
            for await (position, response) in group { responseByPosition[position] = response }
            return responseByPosition
        }
        return responses.compactMap { $0 }
    }

    /// The response object for one validated element, or `nil` for a notification.
    private func respond(to validation: RPCRequestValidation, peer: String) async -> JSONValue? {
        switch validation {
        case .invalid(let error, let id):
            logger.info("invalid request", metadata: ["peer": "\(peer)", "code": "\(error.code)"])
            return RPCResponse.failure(error, id: id)
        case .valid(let request):
            let outcome = await call(request, peer: peer)
            guard let id = request.id else { return nil }
            switch outcome {
            case .success(let result): return RPCResponse.success(result, id: id)
            case .failure(let error): return RPCResponse.failure(error, id: id)
            }
        }
    }

    private func call(_ request: RPCRequest, peer: String) async -> Result<JSONValue, RPCError> {
        let shownMethod = Self.shown(request.method)
        var metadata: Logger.Metadata = ["peer": "\(peer)", "method": "\(shownMethod)"]
        guard let handler = registry.handler(named: request.method) else {
            metadata["code"] = "\(RPCError.Code.methodNotFound)"
            logger.info("unknown method", metadata: metadata)
            return .failure(.methodNotFound(shownMethod))
        }
        logger.debug("call", metadata: metadata)
        do throws(RPCError) {
            return .success(try await handler(request.params))
        } catch {
            metadata["code"] = "\(error.code)"
            logger.info("call failed", metadata: metadata)
            return .failure(error)
        }
    }

    /// A client-chosen name as it may appear in logs and error messages: at most
    /// `shownCharactersMax` characters, with control characters replaced, so a hostile
    /// name can neither flood the log nor forge log lines.
    static func shown(_ name: String) -> String {
        let shownCharactersMax = 64
        let scalars = name.unicodeScalars.prefix(shownCharactersMax).map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }
        var text = String(String.UnicodeScalarView(scalars))
        if name.unicodeScalars.count > shownCharactersMax { text += "…" }
        return text
    }
}
