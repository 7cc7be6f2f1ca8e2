/// The loop a consensus driver and a non-validating follower share: every inbound peer message
/// goes to `receive`, and `tick` runs every `tickMs`, until the calling task is cancelled or the
/// network's inbound stream ends.
enum PeerLoop {
    static func run(network: PeerNetwork, tickMs: Int, receive: @escaping @Sendable (PeerEnvelope) async -> Void,
                    tick: @escaping @Sendable () async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await envelope in network.inbound { await receive(envelope) }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(tickMs))
                    await tick()
                }
            }
            await group.next()
            group.cancelAll()
        }
    }
}
