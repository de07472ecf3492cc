import Sema
import Testing

@Suite struct DurationTests {
    @Test(arguments: [("250ms", 250), ("2s", 2000), ("5m", 300_000), ("1h30m", 5_400_000), ("1d", 86_400_000), ("1d2h3m4s5ms", 93_784_005), ("0s", 0)] as [(String, Int64)])
    func parses(_ text: String, _ ms: Int64) throws {
        #expect(try Duration.parse(text).get().milliseconds == ms)
    }

    @Test(arguments: ["", "30", "5min", "1m1h", "1s1s", "1.5s", "s", "1h 30m", "-1s", "99999999999999999999d"])
    func refuses(_ text: String) {
        guard case .failure = Duration.parse(text) else {
            Issue.record("'\(text)' parsed")
            return
        }
    }

    @Test func suggestsAUnit() {
        guard case .failure(let e) = Duration.parse("30") else { Issue.record("parsed"); return }
        #expect(e.suggestion == "30s")
        guard case .failure(let e2) = Duration.parse("5min") else { Issue.record("parsed"); return }
        #expect(e2.suggestion == "5m")
        #expect(e2.range == 1..<4)
    }
}

@Suite struct SemanticVersionTests {
    @Test(arguments: ["0.0.0", "1.2.3", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7", "1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85"])
    func accepts(_ text: String) {
        #expect((try? SemanticVersion.parse(text).get()) != nil)
    }

    @Test(arguments: ["1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.3-", "1.2.3-01", "1.2.3+", "a.b.c", "1.2.3-a..b", ""])
    func refuses(_ text: String) {
        #expect((try? SemanticVersion.parse(text).get()) == nil)
    }

    @Test func suggestsPadding() {
        guard case .failure(let e) = SemanticVersion.parse("1.2") else { Issue.record("parsed"); return }
        #expect(e.suggestion == "1.2.0")
    }
}

@Suite struct CronTests {
    @Test func everyFifteenMinutesOnWeekdays() throws {
        let c = try CronSchedule.parse("*/15 8-18 * * MON-FRI").get()
        #expect(c.minutes == (1 << 0 | 1 << 15 | 1 << 30 | 1 << 45))
        #expect(c.hours == (8...18).reduce(0) { $0 | 1 << UInt32($1) })
        #expect(c.daysOfWeek == 0b0111110)
        #expect(!c.dayOfMonthRestricted && c.dayOfWeekRestricted)
        #expect(c.months == 0b1_1111_1111_1110)
        #expect(c.daysOfMonth == 0xFFFF_FFFE)
    }

    @Test func sundayIsZeroAndSeven() throws {
        #expect(try CronSchedule.parse("0 0 * * 7").get().daysOfWeek == 1)
        #expect(try CronSchedule.parse("0 0 * * 0").get().daysOfWeek == 1)
        #expect(try CronSchedule.parse("0 0 * * SUN,sat").get().daysOfWeek == 0b1000001)
        #expect(try CronSchedule.parse("0 0 * * 5-7").get().daysOfWeek == 0b1100001)
    }

    @Test func startWithStepRunsToTheEndOfTheField() throws {
        #expect(try CronSchedule.parse("5/1 * * * *").get().minutes == (5...59).reduce(UInt64(0)) { $0 | 1 << UInt64($1) })
        #expect(try CronSchedule.parse("0 0 * * 7/2").get().daysOfWeek == 1)
        #expect(try CronSchedule.parse("0 0 * * 1/2").get().daysOfWeek == 0b0101011)
        #expect(try CronSchedule.parse("0 0 * * */3").get().daysOfWeek == 0b1001001)
    }

    @Test func dayFieldsStartingWithStarDoNotRestrict() throws {
        let c = try CronSchedule.parse("0 0 */2 * MON").get()
        #expect(!c.dayOfMonthRestricted)
        #expect(c.dayOfWeekRestricted)
        #expect(try CronSchedule.parse("0 0 1 * *").get().dayOfMonthRestricted)
    }

    @Test func namesListsStepsAndMacros() throws {
        let c = try CronSchedule.parse("5,10-20/5 0 1,15 JAN-jun/2 *").get()
        #expect(c.minutes == (1 << 5 | 1 << 10 | 1 << 15 | 1 << 20))
        #expect(c.months == (1 << 1 | 1 << 3 | 1 << 5))
        #expect(c.daysOfMonth == (1 << 1 | 1 << 15))
        #expect(c.dayOfMonthRestricted)
        #expect(try CronSchedule.parse("@daily").get() == CronSchedule.parse("0 0 * * *").get())
        #expect(try CronSchedule.parse("@hourly").get().minutes == 1)
        #expect(try CronSchedule.parse("30/10 * * * *").get().minutes == (1 << 30 | 1 << 40 | 1 << 50))
    }

    @Test(arguments: [
        ("61 8 * * *", "minute field: 61 is out of range 0–59", 0..<2),
        ("0 8 * * FUNDAY", "day-of-week field: 'FUNDAY' is not a day name (SUN–SAT)", 8..<14),
        ("0 0 0 * *", "day-of-month field: 0 is out of range 1–31", 4..<5),
        ("0 0 * 13 *", "month field: 13 is out of range 1–12", 6..<8),
        ("*/0 * * * *", "minute field: step '0' must be a positive number", 2..<3),
        ("0 9 * *", "a cron schedule has five fields (minute hour day-of-month month day-of-week), found only 4", 0..<7),
        ("0 9 * * * *", "a cron schedule has five fields (minute hour day-of-month month day-of-week), found 6", 10..<11),
        ("5-1 * * * *", "minute field: range 5-1 runs backwards", 0..<3),
        ("1,,2 * * * *", "minute field has an empty list item", 0..<4),
    ] as [(String, String, Range<Int>)])
    func refuses(_ text: String, _ message: String, _ range: Range<Int>) {
        guard case .failure(let e) = CronSchedule.parse(text) else { Issue.record("unexpectedly parsed"); return }
        #expect(e.message == message)
        #expect(e.range == range)
    }
}

@Suite struct NameTests {
    @Test func slugs() {
        #expect(Names.isSlug("email-triage"))
        #expect(Names.isSlug("a1"))
        #expect(!Names.isSlug("Email"))
        #expect(!Names.isSlug("a--b"))
        #expect(!Names.isSlug("-a"))
        #expect(!Names.isSlug(String(repeating: "a", count: 65)))
        #expect(Names.slugify("Email Triage!") == "email-triage")
        #expect(Names.slugify(String(repeating: "a", count: 63) + " b") == String(repeating: "a", count: 63))
        #expect(Names.identifier(from: "1st", prefix: "_") == "_1st")
    }

    @Test func identifiers() {
        #expect(Names.isIdentifier("step_2"))
        #expect(!Names.isIdentifier("2step"))
        #expect(!Names.isIdentifier("Fetch"))
        #expect(!Names.isIdentifier("_x"))
        #expect(Names.isIdentifier("_x", allowLeadingUnderscore: true))
        #expect(Names.identifier(from: "Fetch-Mail") == "fetch_mail")
        #expect(Names.isEnvironmentName("SLACK_TOKEN"))
        #expect(!Names.isEnvironmentName("1PASSWORD"))
        #expect(Names.isWebhookPath("/hooks/mail"))
        #expect(!Names.isWebhookPath("hooks"))
        #expect(!Names.isWebhookPath("/a//b"))
    }
}

@Suite struct TimeZoneDatabaseTests {
    @Test func formOfNames() {
        for good in ["UTC", "GMT", "Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT-3", "US/Eastern"] {
            #expect(TimeZoneDatabase.isWellFormed(good), "\(good)")
        }
        for bad in ["EST", "GMT+1", "utc", "europe/paris", "Europe/", "/Paris", "Europe/../etc", "Europe/Par is", ""] {
            #expect(!TimeZoneDatabase.isWellFormed(bad), "\(bad)")
        }
    }

    @Test func systemDatabase() {
        let db = TimeZoneDatabase.system
        #expect(db.isAvailable, "tzdata is installed by scripts/setup and .ci/run")
        #expect(db.contains("Europe/Paris"))
        #expect(db.contains("Asia/Kolkata"))
        #expect(!db.contains("Europe/Pariss"))
        #expect(!db.contains("tzdata.zi"), "only compiled zone files count")
        let names = db.names()
        #expect(names.contains("Asia/Calcutta"))
        #expect(names.count > 400)
    }

    @Test func withoutADatabaseOnlyTheFormIsChecked() {
        let db = TimeZoneDatabase(root: "/nonexistent/zoneinfo")
        #expect(!db.isAvailable)
        #expect(db.names().isEmpty)
    }
}
