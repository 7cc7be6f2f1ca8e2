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

    /// Refuses to start with a certificate that cannot be this node's: the key registered for
    /// `organisationID` is another one (an old certificate after a renewal), the key is revoked,
    /// or another organisation presents it. A key not registered yet is accepted: the node of an
    /// organisation joining through governance starts on a chain that does not list it, and its
    /// peers admit it once their chain does (it is logged when the network starts).
    static func checkOwnKey(_ nodeKey: [UInt8], of organisationID: String, nodeKeys: NodeKeyRegistry) throws(ConsortiumCAError) {
        if let registered = nodeKeys.nodeKey(of: organisationID) {
            guard registered == nodeKey else {
                throw .invalid("node certificate: its key is not the node key in force for \(organisationID) (genesis, or renewed through governance)")
            }
            return
        }
        if nodeKeys.isRevoked(nodeKey) { throw .invalid("node certificate: its key was revoked through chain state") }
        if let other = nodeKeys.organisation(presenting: nodeKey) {
            throw .invalid("node certificate: its key is the node key of \(other), not of \(organisationID)")
        }
    }

    /// Whether this node's certificate is registered in the chain state it admits by: false
    /// while an organisation that joined through governance has not yet caught up to the
    /// height that registered it (its peers refuse it until their own chain registers it).
    public var isOwnKeyRegistered: Bool {
        state.withLockedValue { $0.nodeKeys.nodeKey(of: configuration.localID) != nil }
    }

    /// The node keys this network admits by.
    public var nodeKeys: NodeKeyRegistry { state.withLockedValue(\.nodeKeys) }
}
