/// A command that ran and failed for a reason in the world (a bad file, a wrong passphrase):
/// printed as "Error: <message>" with exit status 1, without the usage text that argument
/// mistakes (`ValidationError`) show.
struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong, naming the file, field or line.
    let description: String

    init(_ description: String) { self.description = description }
}
