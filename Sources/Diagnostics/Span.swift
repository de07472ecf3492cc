/// A half-open range of byte offsets in one source file.
///
/// Spans store absolute offsets only; line and column are derived when printing, so a
/// position can never drift as it passes between parsers (YAML inside Markdown inside a file).
public struct Span: Sendable, Hashable, Comparable {
    /// The offset of the first byte.
    public var start: Int
    /// The offset one past the last byte; equal to `start` for an empty span.
    public var end: Int

    /// Creates a span; an `end` before `start` is clamped to an empty span.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// An empty span at an offset (a point, such as the end of a file).
    public static func point(_ offset: Int) -> Span { Span(start: offset, end: offset) }

    /// The number of bytes covered.
    public var length: Int { end - start }

    /// The smallest span covering both.
    public func union(_ other: Span) -> Span {
        Span(start: min(start, other.start), end: max(end, other.end))
    }

    public static func < (a: Span, b: Span) -> Bool { (a.start, a.end) < (b.start, b.end) }
}
