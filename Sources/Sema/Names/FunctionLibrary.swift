/// The fixed library of expression functions. Their typed signatures come with the type
/// checker; today the names are known, so an unknown function is an error in CI.
public enum FunctionLibrary {
    /// Every function name, sorted.
    public static let names = [
        "contains", "default", "endsWith", "first", "format", "fromJSON", "join", "keys", "last",
        "len", "lower", "max", "min", "replace", "round", "slice", "split", "startsWith", "toJSON",
        "trim", "upper", "values",
    ]
}
