/// Why a line is not JSON, and at which byte (0-based) of the line.
struct JSONSyntaxError: Error, Equatable {
    var message: String
    var offset: Int
}
