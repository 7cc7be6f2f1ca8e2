import Foundation
import Testing

/// Reading what a `fundchain bench` command printed.
enum BenchOutput {
    /// The JSON line of `bench` in `output`, as an object.
    static func figures(_ bench: String, in output: String) throws -> [String: Any] {
        let line = try #require(output.split(separator: "\n").last { $0.hasPrefix("{\"bench\":\"\(bench)\"") }, "\(output)")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
}
