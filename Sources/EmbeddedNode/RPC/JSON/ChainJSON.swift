import Canonical
import Workflow

extension BlockHeader {
    /// The header with every field, its hash under `suite`, and `canonical`.
    func json(suite: any CryptoSuite) -> JSONValue {
        var object = JSONObject()
        object["hash"] = .hex(hash(suite))
        object["formatVersion"] = .int(formatVersion)
        object["chainID"] = .string(chainID)
        object["height"] = .integer(height)
        object["previousHash"] = .hex(previousHash)
        object.setTime("timestamp", milliseconds: timestampMs)
        object["proposerID"] = .string(proposerID)
        object["view"] = .integer(view)
        object["transactionsRoot"] = .hex(transactionsRoot)
        object["receiptsRoot"] = .hex(receiptsRoot)
        object["stateHash"] = .hex(stateHash)
        object["validatorSetHash"] = .hex(validatorSetHash)
        object["creditScoreTableHash"] = .hex(creditScoreTableHash)
        object["failedViewPrimaries"] = .texts(failedViewPrimaries)
        object["previousCommitCertificate"] = previousCommitCertificate?.json ?? .null
        object.setCanonical(self)
        return .object(object)
    }
}

extension CommittedBlock {
    /// The block: hash, height, header, transactions, receipts, time-step events and
    /// certificate. Each part carries its own `canonical`; together they are the block.
    func json(suite: any CryptoSuite) -> JSONValue {
        .members([
            ("hash", .hex(hash)),
            ("height", .integer(block.header.height)),
            ("header", block.header.json(suite: suite)),
            ("transactions", .array(block.transactions.map { $0.json(suite: suite) })),
            ("receipts", .array(receipts.map(\.json))),
            ("blockEvents", .array(blockEvents.map(\.json))),
            ("certificate", certificate.json),
        ])
    }
}

extension CommittedBlock {
    /// The block in brief: height, hash, time, proposer, view, and its transactions' hashes,
    /// those the chain accepted apart from those it refused.
    func summaryJSON(suite: any CryptoSuite) -> JSONValue {
        var accepted: [JSONValue] = [], rejected: [JSONValue] = []
        for receipt in receipts {
            if case .failure = receipt.outcome { rejected.append(.hex(receipt.transactionHash)) } else { accepted.append(.hex(receipt.transactionHash)) }
        }
        var object = JSONObject()
        object["height"] = .integer(block.header.height)
        object["hash"] = .hex(hash)
        object.setTime("timestamp", milliseconds: block.header.timestampMs)
        object["proposerID"] = .string(block.header.proposerID)
        object["view"] = .integer(block.header.view)
        object["acceptedTransactionHashes"] = .array(accepted)
        object["rejectedTransactionHashes"] = .array(rejected)
        return .object(object)
    }
}

extension Transaction {
    /// The decoded body, the signature, the hash and `canonical`. The nonce is a decimal
    /// string, since a UInt64 may exceed what JSON integers carry exactly.
    func json(suite: any CryptoSuite) -> JSONValue {
        var object = JSONObject()
        object["hash"] = .hex(hash(suite))
        object["chainID"] = .string(body.chainID)
        object["sender"] = .string(body.senderID)
        object["nonce"] = .string(String(body.nonce))
        object["expiryHeight"] = .integer(body.expiryHeight)
        object.setTime("timestamp", milliseconds: body.timestampMs)
        object["payload"] = body.payload.json
        object["signature"] = .hex(signature)
        object.setCanonical(self)
        return .object(object)
    }
}

extension TransactionPayload {
    /// `{"type": …}` with the payload's fields by name; a fund-flow command adds `command`.
    var json: JSONValue {
        switch self {
        case .workflow(let command): .object(command.json)
        case .anchorStore(let key, let valueHash): .object(tagged("type", "anchorStore", [("key", .string(key)), ("valueHash", .hex(valueHash))]))
        case .pressureAdd: .object(tagged("type", "pressureAdd"))
        case .rotateKey(let key): .object(tagged("type", "rotateKey", [("newPublicKey", .hex(key))]))
        case .revokeKey(let id): .object(tagged("type", "revokeKey", [("organisationID", .string(id))]))
        case .setKey(let id, let key): .object(tagged("type", "setKey", [("organisationID", .string(id)), ("newPublicKey", .hex(key))]))
        case .governancePropose(let change): .object(tagged("type", "governancePropose", [("change", change.json)]))
        case .governanceApprove(let proposalID): .object(tagged("type", "governanceApprove", [("proposalID", .string(String(proposalID)))]))
        }
    }
}

extension CommitCertificate {
    /// Height, view, block hash, the signers with their signatures, and `canonical`.
    var json: JSONValue {
        var object = JSONObject()
        object["height"] = .integer(height)
        object["view"] = .integer(view)
        object["blockHash"] = .hex(blockHash)
        object["signatures"] = .array(signatures.map {
            .members([("validatorID", .string($0.validatorID)), ("signature", .hex($0.signature)), ("attestation", .hex($0.attestation))])
        })
        object.setCanonical(self)
        return .object(object)
    }
}

extension InclusionProof {
    /// Leaf index, leaf count, the audit path (leaf level first) and `canonical`.
    var json: JSONValue {
        var object = JSONObject()
        object["leafIndex"] = .int(leafIndex)
        object["leafCount"] = .int(leafCount)
        object["path"] = .array(path.map { .hex($0) })
        object.setCanonical(self)
        return .object(object)
    }
}

extension TransactionInclusion {
    /// `{height, index, transactionHash, proof, receiptProof, transactionsRoot, blockHash}`.
    var json: JSONValue {
        .members([
            ("height", .integer(located.height)), ("index", .int(located.index)), ("transactionHash", .hex(located.hash)),
            ("proof", proof.json), ("receiptProof", receiptProof.json), ("transactionsRoot", .hex(transactionsRoot)),
            ("blockHash", .hex(blockHash)),
        ])
    }
}

extension LocatedTransaction {
    /// The transaction's rendering with its block height and index added.
    func json(suite: any CryptoSuite) -> JSONValue {
        var object = JSONObject([("height", .integer(height)), ("index", .int(index))])
        for (key, value) in transaction.json(suite: suite).objectValue?.members ?? [] { object[key] = value }
        return .object(object)
    }
}

extension NodeHealth {
    /// The chain and its transaction expiry window, then tip, mempool, validator identity, peers,
    /// whether the node is syncing, its consensus view and that view's primary; then what an
    /// operator watches: the age of the newest block, whether the node validates, peers connected
    /// of expected with each link's state, and the version. A client needs the window to choose
    /// expiry heights.
    func json(genesis: Genesis) -> JSONValue {
        var object = JSONObject()
        object["chainID"] = .string(genesis.chainID)
        object["expiryWindowBlocks"] = .int(genesis.consensus.expiryWindowBlocks)
        object["tipHeight"] = .integer(tipHeight)
        object["tipHash"] = .hex(tipHash)
        object.setTime("tipTime", milliseconds: tipTimeMs)
        object["mempoolCount"] = .int(mempoolCount)
        object["validatorID"] = .text(validatorID)
        object["peers"] = .texts(peerIDs)
        object["syncing"] = .bool(isSyncing)
        if let view { object["view"] = .integer(view) }
        object["lastCommitAgeMs"] = lastCommitAgeMs.map { JSONValue.integer($0) } ?? .null
        object["validating"] = .bool(isValidating)
        object["peersConnected"] = .int(peerLinks.filter(\.isConnected).count)
        object["peersExpected"] = .int(peersExpected)
        object["peerLinks"] = .array(peerLinks.map {
            .members([("organisationID", .string($0.organisationID)), ("connected", .bool($0.isConnected)),
                      ("queuedFrames", .int($0.queuedFrames)), ("droppedFrames", .int($0.droppedFrames))])
        })
        object["version"] = .string(version)
        if let primaryID { object["primary"] = .string(primaryID) }
        object["processSignatureVerifications"] = .integer(processSignatureVerification.verifications)
        object["processSignatureVerifyCPUMicroseconds"] = .integer(processSignatureVerification.cpuMicroseconds)
        return .object(object)
    }
}
