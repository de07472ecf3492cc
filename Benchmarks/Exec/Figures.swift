import Glibc

/// The median of some values (the mean of the middle two for an even count).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/// `x` with `digits` decimals, right-aligned in `width` characters (no Foundation).
func fixed(_ x: Double, _ digits: Int, width: Int = 0) -> String {
    var text: String
    if !x.isFinite {
        text = "\(x)"
    } else {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((abs(x) * scale).rounded())
        let whole = scaled / Int64(scale)
        var fraction = String(scaled % Int64(scale))
        fraction = String(repeating: "0", count: max(0, digits - fraction.count)) + fraction
        text = (x < 0 && scaled != 0 ? "-" : "") + "\(whole)" + (digits > 0 ? "." + fraction : "")
    }
    return pad(text, width)
}

/// `text` right-aligned in `width` characters.
func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}

/// `text` left-aligned in `width` characters.
func padRight(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
}

/// How busy the machine was while the benchmark ran: the load average at both ends, and
/// the CPU that processes other than the benchmark's own used meanwhile (all CPU time in
/// `/proc/stat` less what the benchmark's children used, from `getrusage`).
struct LoadMeter {
    let startBusy: Double
    let startChildren: Double
    let startTime: Double
    let startLoad: String

    init() {
        startBusy = LoadMeter.busySeconds()
        startChildren = LoadMeter.childrenSeconds()
        startTime = now()
        startLoad = LoadMeter.loadAverage()
    }

    /// One line: the load averages before and after, and the other processes' share.
    func report() -> String {
        let elapsed = now() - startTime
        let others = (LoadMeter.busySeconds() - startBusy) - (LoadMeter.childrenSeconds() - startChildren)
        return "load average \(startLoad) before, \(LoadMeter.loadAverage()) after; "
            + "other processes used \(fixed(max(0, others) / elapsed, 2)) of \(sysconf(Int32(_SC_NPROCESSORS_ONLN))) cores meanwhile"
    }

    /// The 1, 5 and 15-minute load averages.
    static func loadAverage() -> String {
        var averages = [Double](repeating: 0, count: 3)
        guard getloadavg(&averages, 3) == 3 else { return "?" }
        return averages.map { fixed($0, 2) }.joined(separator: " ")
    }

    /// CPU time used by everything since boot (the first line of `/proc/stat`, every field
    /// but idle and iowait), in seconds.
    static func busySeconds() -> Double {
        guard let file = fopen("/proc/stat", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 512)
        guard fgets(&line, Int32(line.count), file) != nil else { return 0 }
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let fields = text.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count >= 8 else { return 0 }
        // user nice system idle iowait irq softirq steal (guest time is inside user).
        let busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]
        return busy / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// CPU time of this process's waited-for children.
    static func childrenSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
