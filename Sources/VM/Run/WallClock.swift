#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock time for records and run ids: milliseconds since the Unix epoch, in UTC.
public enum WallClock {
    /// Now.
    public static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// `2026-11-25T15:46:12.345Z`.
    public static func iso(_ ms: Int64) -> String {
        let t = parts(ms)
        return "\(pad(t.year, 4))-\(pad(t.month))-\(pad(t.day))T\(pad(t.hour)):\(pad(t.minute)):\(pad(t.second)).\(pad(Int(((ms % 1000) + 1000) % 1000), 3))Z"
    }

    /// `20261125-154612`, as run ids carry it.
    public static func compact(_ ms: Int64) -> String {
        let t = parts(ms)
        return "\(pad(t.year, 4))\(pad(t.month))\(pad(t.day))-\(pad(t.hour))\(pad(t.minute))\(pad(t.second))"
    }

    static func parts(_ ms: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var seconds = time_t(ms >= 0 ? ms / 1000 : (ms - 999) / 1000)
        var t = tm()
        gmtime_r(&seconds, &t)
        return (Int(t.tm_year) + 1900, Int(t.tm_mon) + 1, Int(t.tm_mday), Int(t.tm_hour), Int(t.tm_min), Int(t.tm_sec))
    }

    static func pad(_ n: Int, _ width: Int = 2) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
