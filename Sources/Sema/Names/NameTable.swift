/// Names declared in a workflow, each with what is known of it, in declaration order.
///
/// A scope is built for every file checked and holds a handful of names per section, looked
/// up a few times each: a scan that compares lengths first costs less than hashing every
/// name into a dictionary. Past ``indexThreshold`` names a dictionary index is kept as well,
/// so a generated workflow with thousands of steps stays linear.
public struct NameTable<Value: Sendable>: RandomAccessCollection, Sendable {
    /// One name and its value.
    public typealias Element = (key: String, value: Value)

    /// Names and values apart: a scan reads names only, without copying values on the way.
    private var names: [String] = []
    private var entries: [Value] = []
    /// Positions by name, kept only once the table is large.
    private var index: [String: Int]?
    /// The size at which the dictionary index is made.
    static var indexThreshold: Int { 16 }

    /// An empty table.
    public init() {}

    public var startIndex: Int { names.startIndex }
    public var endIndex: Int { names.endIndex }
    public subscript(position: Int) -> Element { (names[position], entries[position]) }

    /// The value of a name, if it is declared.
    public subscript(name: String) -> Value? {
        position(of: name).map { entries[$0] }
    }

    /// The names, in declaration order.
    public var keys: [String] { names }

    /// The values, in declaration order.
    public var values: [Value] { entries }

    /// Whether a name is declared.
    public func contains(_ name: String) -> Bool { position(of: name) != nil }

    /// The value at a position (from ``position(of:)``), without copying its name.
    public func value(at position: Int) -> Value { entries[position] }

    /// Adds a name unless it is already there (the first declaration wins).
    /// - Returns: Whether it was added.
    @discardableResult
    public mutating func insertIfAbsent(_ name: String, _ value: Value) -> Bool {
        guard position(of: name) == nil else { return false }
        names.append(name)
        entries.append(value)
        if index != nil {
            index?[name] = names.count - 1
        } else if names.count > Self.indexThreshold {
            index = Dictionary(names.indices.map { (names[$0], $0) }, uniquingKeysWith: { first, _ in first })
        }
        return true
    }

    /// Reserves room for a number of names.
    public mutating func reserveCapacity(_ count: Int) {
        names.reserveCapacity(count)
        entries.reserveCapacity(count)
    }

    /// The position of a name in declaration order, if it is declared: a typer keeps the
    /// position instead of the name (flags by position need no hashing).
    public func position(of name: String) -> Int? {
        if let index { return index[name] }
        let length = name.utf8.count
        for i in names.indices where names[i].utf8.count == length && names[i] == name { return i }
        return nil
    }
}
