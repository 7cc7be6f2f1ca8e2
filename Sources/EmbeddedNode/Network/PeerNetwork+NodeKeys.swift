import NIOCore

extension PeerNetwork {
    /// Follows the node keys in force (the node calls this as it commits): an organisation that
    /// gains a key becomes a peer; a connected peer whose key is no longer registered (revoked,
    /// or replaced by a renewal) is dropped, logged naming it, and refused when it dials again;
    /// a renewed key is admitted from now on.
    public func updateNodeKeys(_ nodeKeys: NodeKeyRegistry) {
        let closing: [(peer: String, channel: any Channel, revoked: Bool)] = state.withLockedValue { state in
            guard state.nodeKeys != nodeKeys else { return [] }
            state.nodeKeys = nodeKeys
            for entry in nodeKeys.entries where entry.organisationID != configuration.localID && state.links[entry.organisationID] == nil {
                state.links[entry.organisationID] = Link()
            }
            var closing: [(peer: String, channel: any Channel, revoked: Bool)] = []
            for (peer, link) in state.links {
                guard let channel = link.channel, let key = link.nodeKey, nodeKeys.organisation(presenting: key) != peer else { continue }
                state.links[peer]!.channel = nil
                state.links[peer]!.nodeKey = nil
                closing.append((peer: peer, channel: channel, revoked: nodeKeys.isRevoked(key)))
            }
            return closing.sorted { $0.peer < $1.peer }
        }
        for entry in closing {
            let reason = entry.revoked ? "its node certificate was revoked through chain state" : "its node key is no longer registered"
            record(.dropped(entry.peer, reason: reason))
            entry.channel.close(promise: nil)
        }
    }

    /// The node keys this network admits by.
    public var nodeKeys: NodeKeyRegistry { state.withLockedValue(\.nodeKeys) }
}
