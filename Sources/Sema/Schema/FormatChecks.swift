import Diagnostics
import Syntax

/// Checks text values against their ``StringFormat`` and reports each problem at the exact
/// bytes when the scalar is written verbatim in the file (plain, or quoted without escapes).
struct FormatChecks {
    let file: SourceFile

    func check(_ text: String, _ format: StringFormat, node: YAMLNode, path: SchemaPath, into sink: inout DiagnosticSink) {
        switch format {
        case .text:
            return
        case .nonEmpty:
            if text.isEmpty { sink.report(.emptyValue, "'\(path)' cannot be empty", at: node.span) }
        case .slug:
            guard !Names.isSlug(text) else { return }
            let fixed = Names.slugify(text)
            sink.report(
                .invalidName, "workflow name '\(text)' is not a slug", at: node.span,
                help: ["use lowercase letters and digits in words joined by hyphens, at most 64 characters"],
                fixIts: fixed.isEmpty ? [] : [.replace(node.span, with: fixed, "use '\(fixed)'")])
        case .semver:
            if case .failure(let e) = SemanticVersion.parse(text) {
                sink.report(
                    .invalidVersion, e.message, at: node.span,
                    fixIts: e.suggestion.map { [.replace(node.span, with: $0, "use '\($0)'")] } ?? [])
            }
        case .duration:
            if case .failure(let e) = Duration.parse(text) {
                let at = subspan(node, e.range)
                sink.report(
                    .invalidDuration, e.message, at: at,
                    help: ["durations look like 250ms, 30s, 5m, 1h30m or 1d"],
                    fixIts: e.suggestion.map { [.replace(node.span, with: $0, "use '\($0)'")] } ?? [])
            }
        case .cron:
            if case .failure(let e) = CronSchedule.parse(text) {
                sink.report(.invalidCron, e.message, at: subspan(node, e.range))
            }
        case .timeZone:
            let database = TimeZoneDatabase.system
            let wellFormed = TimeZoneDatabase.isWellFormed(text)
            if wellFormed, text == "UTC" || text == "GMT" || !database.isAvailable || database.contains(text) { return }
            let zones = database.names().filter(TimeZoneDatabase.isWellFormed) + ["UTC"]
            let caseOnly = zones.first { $0.lowercased() == text.lowercased() }
            let close = caseOnly ?? (text.contains("/") ? Suggestions.closest(to: text, in: zones).first : nil)
            sink.report(
                .unknownTimeZone, "unknown time zone '\(text)'", at: node.span,
                help: [close.map { "did you mean '\($0)'?" } ?? "use an IANA name such as 'Europe/Paris' or 'UTC' (not an abbreviation or an offset)"],
                // Only a difference of case is certain to mean the same zone; a near spelling
                // (Asia/Saigon, Asia/Yangon) may be another place entirely.
                fixIts: caseOnly.map { [.replace(node.span, with: $0, "use '\($0)'")] } ?? [])
        case .webhookPath:
            guard !Names.isWebhookPath(text) else { return }
            let fixIts: [FixIt] = !text.hasPrefix("/") && Names.isWebhookPath("/" + text)
                ? [.replace(node.span, with: "/" + text, "start the path with '/'")] : []
            sink.report(
                .invalidWebhookPath, "webhook path '\(text)' must start with '/' and hold only letters, digits and '-._~/', without '//'",
                at: node.span, fixIts: fixIts)
        case .environmentName:
            guard !Names.isEnvironmentName(text) else { return }
            let fixed = text.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
            sink.report(
                .invalidIdentifier, "'\(text)' is not a valid environment variable name", at: node.span,
                help: ["use letters, digits and underscores, not starting with a digit"],
                fixIts: Names.isEnvironmentName(fixed) ? [.replace(node.span, with: fixed, "use '\(fixed)'")] : [])
        case .identifier:
            guard !Names.isIdentifier(text, allowLeadingUnderscore: true) else { return }
            let fixed = Names.identifier(from: text, prefix: "_")
            sink.report(
                .invalidIdentifier, "'\(text)' is not a valid name for '\(path)'", at: node.span,
                help: ["use lowercase letters, digits and underscores, starting with a letter or '_', at most 64 characters"],
                fixIts: fixed.isEmpty ? [] : [.replace(node.span, with: fixed, "use '\(fixed)'")])
        case .registryID:
            guard !Names.isRegistryID(text) else { return }
            sink.report(
                .invalidIdentifier, "'\(text)' is not a valid agent or tool id", at: node.span,
                help: ["ids use lowercase letters, digits, '-' and '_', starting with a letter"])
        case .toolReference:
            let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, Names.isRegistryID(String(parts[0])), !parts[1].isEmpty,
                  parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-./".contains($0)) })
            else {
                return sink.report(
                    .invalidIdentifier, "'\(text)' is not a tool operation", at: node.span,
                    help: ["write the tool id and the operation, as in 'gmail.list_messages'"])
            }
        }
    }

    /// The file span of bytes `range` of a scalar's value, when the value is written verbatim;
    /// otherwise the whole scalar.
    func subspan(_ node: YAMLNode, _ range: Range<Int>) -> Span {
        guard let s = node.scalar else { return node.span }
        // The same value-to-file mapping that `{{ }}` expressions use.
        let source = TemplateSource(scalar: s, node: node, file: file)
        let lo = min(range.lowerBound, source.count)
        return source.span(lo..<min(max(range.upperBound, lo), source.count))
    }
}
