import Canonical
import Crypto
import X509

extension Genesis {
    /// Validates the peer-network part of a genesis file: the consortium CA certificate (a
    /// self-signed CA) and each organisation's node key (a P-256 point, listed once). When a CA
    /// is named, every validator needs a node key; a node key needs a CA.
    /// - Returns: the CA certificate's DER and the node keys by entry index.
    static func network(_ file: GenesisFile, problems: inout [String]) -> (caDER: [UInt8]?, nodeKeys: [Int: [UInt8]]) {
        var nodeKeys: [Int: [UInt8]] = [:]
        var seen: [[UInt8]] = []
        for (index, entry) in file.organisations.enumerated() {
            let path = "organisations[\(index)].nodeKey"
            guard let text = entry.nodeKey else {
                if file.caCertificate != nil, entry.validator == true {
                    problems.append("\(path): a validator needs a node key when genesis names a caCertificate")
                }
                continue
            }
            guard let raw = Hex.decode(text), (try? P256.Signing.PublicKey(x963Representation: raw)) != nil else {
                problems.append("\(path): not the hex of a 65-byte uncompressed P-256 public key")
                continue
            }
            if seen.contains(raw) { problems.append("\(path): listed for another organisation too") }
            seen.append(raw)
            nodeKeys[index] = raw
        }
        guard let pem = file.caCertificate else {
            if !nodeKeys.isEmpty { problems.append("caCertificate: missing (node keys need the CA that certifies them)") }
            return (nil, nodeKeys)
        }
        do {
            let certificate = try CertificatePEM.certificate(pem, field: "caCertificate")
            guard CertificatePEM.isSelfSignedAuthority(certificate) else {
                problems.append("caCertificate: not a self-signed CA certificate")
                return (nil, nodeKeys)
            }
            return (CertificatePEM.der(certificate), nodeKeys)
        } catch {
            problems.append(error.message(chinese: false))
            return (nil, nodeKeys)
        }
    }
}
