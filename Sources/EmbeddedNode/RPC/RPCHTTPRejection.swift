import NIOHTTP1

/// A request refused from its HTTP head alone, with the HTTP status and the JSON-RPC
/// error body that explain why.
enum RPCHTTPRejection: Equatable {
    /// The path is not "/" (HTTP 404).
    case notFound
    /// The method is not POST (HTTP 405).
    case methodNotAllowed
    /// The bearer token is missing or wrong (HTTP 401).
    case unauthorized
    /// The body is not declared as `application/json` (HTTP 415).
    case unsupportedMediaType
    /// The declared or received body exceeds the limit (HTTP 413).
    case bodyTooLarge(bytesMax: Int)

    /// Checks a head in order: credentials first, so an unauthenticated client learns nothing
    /// else; then path, method, content type and declared length. `nil` means accept.
    init?(checking head: HTTPRequestHead, configuration: JSONRPCServerConfiguration) {
        if let token = configuration.bearerToken,
            !BearerToken.isAuthorized(authorizationValues: head.headers["authorization"], expected: token)
        {
            self = .unauthorized
        } else if head.uri != "/" {
            self = .notFound
        } else if head.method != .POST {
            self = .methodNotAllowed
        } else if !Self.isJSONContentType(head.headers["content-type"]) {
            self = .unsupportedMediaType
        } else if Self.declaredLength(head.headers) > configuration.requestBodyBytesMax {
            self = .bodyTooLarge(bytesMax: configuration.requestBodyBytesMax)
        } else {
            return nil
        }
    }

    var status: HTTPResponseStatus {
        switch self {
        case .notFound: return .notFound
        case .methodNotAllowed: return .methodNotAllowed
        case .unauthorized: return .unauthorized
        case .unsupportedMediaType: return .unsupportedMediaType
        case .bodyTooLarge: return .payloadTooLarge
        }
    }

    var error: RPCError {
        switch self {
        case .notFound: return .invalidRequest("unknown path; POST to /")
        case .methodNotAllowed: return .invalidRequest("HTTP method must be POST")
        case .unauthorized: return .unauthorized()
        case .unsupportedMediaType: return .invalidRequest("Content-Type must be application/json")
        case .bodyTooLarge(let bytesMax): return .bodyTooLarge(bytesMax: bytesMax)
        }
    }

    /// The JSON-RPC error response sent as the HTTP body.
    var body: [UInt8] {
        RPCResponse.failure(error, id: .null).serializedBytes()
    }

    var extraHeaders: [(String, String)] {
        switch self {
        case .methodNotAllowed: return [("Allow", "POST")]
        case .unauthorized: return [("WWW-Authenticate", "Bearer")]
        default: return []
        }
    }

    /// Accepts exactly one `application/json` media type, with parameters such as `charset=utf-8`.
    /// Requiring it also keeps browsers from posting here cross-site without a CORS preflight.
    private static func isJSONContentType(_ values: [String]) -> Bool {
        guard values.count == 1 else { return false }
        let mediaType = values[0].split(separator: ";", maxSplits: 1).first ?? ""
        return mediaType.trimmingSpaces().lowercased() == "application/json"
    }

    /// The declared `Content-Length`, or 0 when absent or unreadable (the decoder rejects bad ones).
    private static func declaredLength(_ headers: HTTPHeaders) -> Int {
        headers.first(name: "content-length").flatMap { Int($0) } ?? 0
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var text = self.drop { $0 == " " || $0 == "\t" }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
