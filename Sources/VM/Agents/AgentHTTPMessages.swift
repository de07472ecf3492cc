/// One HTTP request of an agent or a health check, as a protocol describes it: plain
/// values, so that building it and reading its answer can be tested without a network.
public struct AgentHTTPRequest: Sendable, Equatable {
    /// `GET` or `POST`.
    public var method: String
    /// The whole URL.
    public var url: String
    /// Header fields by name, sent as given.
    public var headers: [String: String]
    /// The body; nil sends none.
    public var body: [UInt8]?

    /// Creates a request.
    public init(method: String, url: String, headers: [String: String] = [:], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// What an HTTP server answered: its status, its header fields and as much of its body as
/// the cap allowed.
public struct AgentHTTPResponse: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// Header fields by lower-case name; the values of a repeated name are joined with
    /// `, ` (RFC 9110 §5.3).
    public var headers: [String: String]
    /// The body, at most the cap.
    public var body: [UInt8]
    /// The cap, when the server sent more than it: the rest was not read. Nil when the
    /// body is whole.
    public var passedCap: Int?

    /// Creates a response.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = [], passedCap: Int? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.passedCap = passedCap
    }

    /// A header field's value, by name in any case.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// Whether the status is 2xx.
    public var succeeded: Bool { (200..<300).contains(status) }
}
