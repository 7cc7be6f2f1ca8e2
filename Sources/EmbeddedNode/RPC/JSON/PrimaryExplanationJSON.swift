import Canonical

extension PrimarySelectionMethod {
    /// The method's name in JSON: `roulette`, `rotationFromViewLimit`, `rotationNoCandidateLeft`,
    /// `rotationDrawExhausted`.
    var jsonName: String {
        switch self {
        case .roulette: "roulette"
        case .rotationFromViewLimit: "rotationFromViewLimit"
        case .rotationNoCandidateLeft: "rotationNoCandidateLeft"
        case .rotationDrawExhausted: "rotationDrawExhausted"
        }
    }
}

extension PrimaryExplanation {
    /// View, seed, excluded validators, the candidates with cumulative score and probability
    /// (ppm), the draw, the method, whether rotation applied, and the primary.
    var json: JSONValue {
        let probabilities = Dictionary(uniqueKeysWithValues: probabilitiesPPM.map { ($0.validatorID, $0.ppm) })
        var object = JSONObject()
        object["view"] = .integer(view)
        object["seed"] = .hex(seed)
        object["excludedValidatorIDs"] = .texts(excludedValidatorIDs)
        object["candidates"] = .array(candidates.map {
            .members([("validatorID", .string($0.validatorID)), ("cumulativeScore", .integer($0.cumulativeScore)),
                      ("probabilityPPM", .integer(probabilities[$0.validatorID] ?? 0))])
        })
        object["draw"] = draw.map { JSONValue.integer($0) } ?? .null
        object["method"] = .string(method.jsonName)
        object["rotationApplied"] = .bool(method.isRotation)
        object["primaryID"] = .string(primaryID)
        return .object(object)
    }
}

extension HeightPrimaryExplanation {
    /// `fc_primaryExplanation`'s answer: the height, whether it is committed, the seed's
    /// derivation, the score table in force (fixed point, `scoreScale` per 1.0) with each
    /// validator's view-0 probability (ppm), every listed view, the failed views' primaries,
    /// the deciding view's primary, the recent activity, and `canonical`. The table's hash
    /// under `suite` is the one consensus headers carry (a single validator's headers carry none).
    func json(suite: any CryptoSuite) -> JSONValue {
        let viewZero = Dictionary(uniqueKeysWithValues: views[0].probabilitiesPPM.map { ($0.validatorID, $0.ppm) })
        var object = JSONObject()
        object["height"] = .integer(height)
        object["committed"] = .bool(isCommitted)
        object["genesisHash"] = .hex(genesisHash)
        object["seedDerivation"] = .string(Self.seedDerivation)
        object["faultsTolerated"] = .int(faultsTolerated)
        object["scoreScale"] = .integer(CreditScoreSettings.scale)
        object["scoreTableHash"] = .hex(scores.hash(suite.hash))
        object["scores"] = .array(scores.entries.map {
            .members([("validatorID", .string($0.validatorID)), ("score", .integer($0.score)),
                      ("viewZeroProbabilityPPM", .integer(viewZero[$0.validatorID] ?? 0))])
        })
        object["views"] = .array(views.map(\.json))
        object["failedViews"] = .array(failedViews.map { .members([("view", .integer($0.view)), ("primaryID", .string($0.primaryID))]) })
        object["decidingView"] = .integer(decidingView.view)
        object["primaryID"] = .string(decidingView.primaryID)
        object["rotationApplied"] = .bool(rotationApplied)
        object["activityWindowBlocks"] = .integer(activityWindowBlocks)
        object["activity"] = .array(activity.map {
            .members([("validatorID", .string($0.validatorID)), ("proposedBlocks", .integer($0.proposedBlocks)),
                      ("failedViews", .integer($0.failedViews)), ("lastProposedHeight", $0.lastProposedHeight.map { JSONValue.integer($0) } ?? .null)])
        })
        object.setCanonical(self)
        return .object(object)
    }
}
