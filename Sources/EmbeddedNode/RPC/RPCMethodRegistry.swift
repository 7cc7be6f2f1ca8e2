/// A method handler: receives the request's `params` (an array or object, or `nil` when
/// absent) and returns the result or throws an ``RPCError``.
///
/// Handlers run in their own task, never on an event loop, so they may `await` freely,
/// for example to long-poll for an event with a timeout. They should return promptly
/// when their task is cancelled (the connection closed or the server stopped).
public typealias RPCMethodHandler = @Sendable (JSONValue?) async throws(RPCError) -> JSONValue

/// The table of JSON-RPC methods a server answers. Build it before starting the server;
/// the server keeps an immutable copy.
///
/// ```swift
/// var registry = RPCMethodRegistry()
/// registry.register("chain.height") { _ throws(RPCError) in .integer(ledger.height) }
/// ```
public struct RPCMethodRegistry: Sendable {
    private var handlerByName: [String: RPCMethodHandler] = [:]

    /// Creates an empty registry.
    public init() {}

    /// Adds a method. Registering a name twice, an empty name, or a name starting with
    /// `rpc.` (reserved by JSON-RPC 2.0) is a programming error and traps.
    public mutating func register(_ name: String, _ handler: @escaping RPCMethodHandler) {
        precondition(!name.isEmpty, "method name must not be empty")
        precondition(!name.hasPrefix("rpc."), "method names starting with 'rpc.' are reserved")
        precondition(handlerByName[name] == nil, "method \(name) registered twice")
        handlerByName[name] = handler
    }

    /// The registered method names, sorted.
    public var methodNames: [String] { handlerByName.keys.sorted() }

    /// The handler for `name`, if registered.
    func handler(named name: String) -> RPCMethodHandler? {
        handlerByName[name]
    }
}
