import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The live progress view of a run on a terminal (docs/vm.md §8): one line per step with
/// its status, attempt, agent and time, redrawn in place as the run goes and every quarter
/// second by ``RunDriver``'s ticker. Not on a terminal, progress is plain lines instead
/// (``EventLog/say(_:)``), and this view draws nothing.
public final class ProgressView: Sendable {
    struct Row {
        var step: String
        var status: String
        var attempt: Int
        var agent: String?
        var note: String
        var started: ContinuousClock.Instant
        var ended: ContinuousClock.Instant?
    }

    struct Board {
        var title = ""
        var rows: [Row] = []
        /// Lines drawn last time, to move back over.
        var drawn = 0
        var finished = false
    }

    /// Steps shown at most; earlier ones are counted in one line.
    static let visibleRows = 15

    private let board = Mutex(Board())
    private let fd: Int32

    /// A view drawing on a descriptor (standard error).
    public init(fd: Int32 = 2) { self.fd = fd }

    /// Whether standard error is a terminal that understands cursor movement.
    public static func wanted() -> Bool {
        guard isatty(2) == 1 else { return false }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        return term != "" && term != "dumb"
    }

    /// The line above the steps.
    func title(_ text: String) {
        board.withLock { $0.title = text }
        render()
    }

    /// A step's state changed.
    func update(step: String, status: String, attempt: Int? = nil, agent: String? = nil, note: String = "", done: Bool = false) {
        board.withLock { b in
            let now = ContinuousClock.now
            if let k = b.rows.lastIndex(where: { $0.step == step && $0.ended == nil }) ?? b.rows.lastIndex(where: { $0.step == step }) {
                b.rows[k].status = status
                if let attempt { b.rows[k].attempt = attempt }
                if let agent { b.rows[k].agent = agent }
                b.rows[k].note = note
                if done { b.rows[k].ended = now }
            } else {
                b.rows.append(Row(step: step, status: status, attempt: attempt ?? 0, agent: agent, note: note, started: now, ended: done ? now : nil))
            }
        }
        render()
    }

    /// Draws the board again where it was (the ticker calls this).
    public func render() {
        let text: String? = board.withLock { b in
            guard !b.finished else { return nil }
            var out = b.drawn > 0 ? "\u{1B}[\(b.drawn)A" : ""
            var lines = [b.title]
            // A long run shows its last steps under a count of the earlier ones, so the view
            // stays the height of a screen.
            let shown = b.rows.suffix(Self.visibleRows)
            if b.rows.count > shown.count {
                let earlier = b.rows.prefix(b.rows.count - shown.count)
                let counts = ["succeeded", "failed", "skipped"].map { status in (status, earlier.filter { $0.status == status }.count) }.filter { $0.1 > 0 }
                lines.append(" … \(earlier.count) earlier steps: " + counts.map { "\($0.1) \($0.0)" }.joined(separator: ", "))
            }
            let width = max(8, shown.map(\.step.count).max() ?? 0)
            let now = ContinuousClock.now
            for r in shown {
                let mark = switch r.status {
                case "succeeded": "✓"
                case "failed": "✗"
                case "skipped": "–"
                default: "…"
                }
                let elapsed = (r.ended ?? now) - r.started
                let tenths = elapsed.components.seconds * 10 + elapsed.components.attoseconds / 100_000_000_000_000_000
                var line = " \(mark) \(r.step)\(String(repeating: " ", count: width - r.step.count))  \(r.status)"
                if r.attempt > 0 { line += ", attempt \(r.attempt)" }
                if let agent = r.agent { line += " (\(agent))" }
                line += "  \(tenths / 10).\(tenths % 10)s"
                if !r.note.isEmpty { line += "  \(r.note)" }
                lines.append(line)
            }
            for line in lines { out += "\r\u{1B}[K" + String(line.prefix(200)) + "\n" }
            b.drawn = lines.count
            return out
        }
        if let text { Files.writeAll(fd, Array(text.utf8)) }
    }

    /// Draws the board one last time and stops drawing.
    public func finish() {
        render()
        board.withLock { $0.finished = true }
    }
}
