/// Reads the common `aiwvm exec` command lines without swift-argument-parser, whose first
/// use costs milliseconds of start-up (it reads the command tree through reflection and
/// protocol-conformance lookups; docs/performance.md). Whatever it does not accept exactly
/// (help, a misspelt or repeated option, a value that starts with `-`, `--`, a second plan)
/// is left to ArgumentParser, which then says what is wrong, so the two never disagree on
/// a command line this one accepts.
enum ExecFastPath {
    /// The request for `arguments` (without the program name), or nil to let
    /// ArgumentParser read them.
    static func request(_ arguments: [String]) -> ExecRequest? {
        guard arguments.first == "exec" else { return nil }
        var plan: String?
        var request = ExecRequest(plan: "")
        var seen: Set<String> = []
        var i = 1
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            guard argument.hasPrefix("-") else {
                guard plan == nil, !argument.isEmpty else { return nil }
                plan = argument
                continue
            }
            var name = argument
            var inlineValue: String?
            if let eq = argument.firstIndex(of: "=") {
                name = String(argument[..<eq])
                inlineValue = String(argument[argument.index(after: eq)...])
                // ArgumentParser reads `--state=` as `--state` and takes the next argument.
                if inlineValue?.isEmpty == true { return nil }
            }
            switch name {
            case "--dry-run", "--json", "--quiet":
                guard inlineValue == nil, seen.insert(name).inserted else { return nil }
                if name == "--dry-run" { request.dryRun = true } else if name == "--json" { request.json = true } else { request.quiet = true }
            case "--input", "--inputs", "--state", "--events":
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard i < arguments.count else { return nil }
                    value = arguments[i]
                    i += 1
                }
                // ArgumentParser's reading of values that look like options is its own.
                guard !value.hasPrefix("-") || (name == "--events" && value == "-") else { return nil }
                if name == "--input" {
                    request.inputPairs.append(value)
                    continue
                }
                guard seen.insert(name).inserted else { return nil }
                switch name {
                case "--inputs": request.inputsFile = value
                case "--state": request.state = value
                default: request.events = value
                }
            default:
                return nil
            }
        }
        guard let plan else { return nil }
        request.plan = plan
        return request
    }
}
