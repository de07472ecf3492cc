// swift-tools-version: 6.1
import PackageDescription

/// Compiler stages are separate modules; each depends only on the stages before it.
/// `aiwvm` links no front-end module (Syntax, Sema): it runs plans, never sources.
var targets: [Target] = [
    .systemLibrary(
        name: "CCMark",
        pkgConfig: "libcmark",
        providers: [.apt(["libcmark-dev"])]
    ),
    .systemLibrary(
        name: "CYAML",
        pkgConfig: "yaml-0.1",
        providers: [.apt(["libyaml-dev"])]
    ),
    .target(name: "Diagnostics"),
    .target(name: "Syntax", dependencies: ["Diagnostics", "CCMark", "CYAML"]),
    .target(name: "Sema", dependencies: ["Diagnostics", "Syntax"]),
    // The contract between compiler and VM: format, instruction set, writer, verifier.
    .target(name: "Plan", dependencies: ["CPlanSHA256", .product(name: "Crypto", package: "swift-crypto")]),
    // Two SHA-256s at once on one core (x86 SHA extensions), for the plan digest's chunks.
    .target(name: "CPlanSHA256"),
    .target(
        name: "Lowering",
        dependencies: ["Diagnostics", "Syntax", "Sema", "Plan", .product(name: "Crypto", package: "swift-crypto")]
    ),
    // Two settings of the state database's connection that only C can make (a variadic call).
    .target(name: "CStateSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),
    // The run-time half: values, JSON, the function library, the interpreter, the state store.
    .target(
        name: "VM",
        dependencies: [
            "Diagnostics", "Plan", "CStateSQLite", "ToolProcesses",
            .product(name: "Subprocess", package: "swift-subprocess"),
            .product(name: "GRDB", package: "GRDB.swift"),
            // `openai` agents and URL health checks speak HTTP (docs/vm.md §6); NIO's
            // modules for the client's buffers, methods and connection errors.
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]
    ),
    // `aiwc migrate`: workflows and configuration of the earlier Python aiworkflow (v0).
    .target(name: "Migrate", dependencies: ["Diagnostics", "Syntax", "Sema", "CCMark"]),
    .executableTarget(
        name: "aiwc",
        dependencies: [
            "Diagnostics", "Syntax", "Sema", "Plan", "Lowering", "Migrate", "ToolProcesses",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]
    ),
    // The half of `aiwc tools sync` that talks to tools, run by aiwc: apart, so that aiwc
    // links neither the MCP SDK, nor Foundation's networking, nor OpenAPIKit.
    .executableTarget(name: "aiwc-tools", dependencies: ["Diagnostics", "Sema", "Syntax", "ToolClients", "ToolSync"]),
    .executableTarget(
        name: "aiwvm",
        dependencies: [
            "Diagnostics", "Plan", "VM",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]
    ),
    // The VM's bridge to one MCP server, run by aiwvm: apart, so that aiwvm links no MCP SDK.
    .executableTarget(name: "aiwvm-mcp", dependencies: ["ToolClients", "ToolProcesses"]),
    // Times plan loading against a bare read (scripts/bench-plan).
    .executableTarget(name: "bench-plan-load", dependencies: ["Plan"], path: "Benchmarks/PlanLoad"),
    // Times the VM's expression instructions (scripts/bench-vm).
    .executableTarget(name: "bench-vm-expr", dependencies: ["Plan", "VM"], path: "Benchmarks/VMExpressions"),
    // Plays Claude Code, OpenCode or a plain CLI agent for tests and the README demo; no
    // Foundation, so that it starts fast enough to measure the VM's overhead per agent step.
    .executableTarget(name: "aiw-agent-stand-in", path: "Tests/StandInAgent"),
    // Times StateStore.commitStep against a raw sqlite3 commit (scripts/bench-state).
    .executableTarget(
        name: "bench-state-commit",
        dependencies: ["VM", .product(name: "GRDBSQLite", package: "GRDB.swift")],
        path: "Benchmarks/StateCommit"
    ),
    // Times `aiwvm exec` against bare spawns of the same programs and a hello-world
    // (scripts/bench-exec): the driver, the bare spawner it compares with, and the
    // hello-world; all three link only the C library, so they start as fast as Swift can.
    .executableTarget(name: "bench-exec", path: "Benchmarks/Exec"),
    // Times a tool call through the MCP client against the server's own answer time
    // (scripts/bench-tools).
    .executableTarget(name: "bench-tool-call", dependencies: ["ToolClients", "ToolProcesses"], path: "Benchmarks/ToolCall"),
    .executableTarget(name: "bench-exec-spawn", path: "Benchmarks/ExecSpawn"),
    .executableTarget(name: "bench-exec-hello", path: "Benchmarks/ExecHello"),
    // The child processes behind tools (MCP servers, `exec` programs, the helpers), the
    // records the VM exchanges with its MCP bridge, and where the helpers are: no MCP SDK,
    // so that aiwc and aiwvm, which link this, start fast.
    .target(name: "ToolProcesses"),
    // MCP servers over standard I/O through the MCP Swift SDK: for `aiwc tools sync` (in
    // aiwc-tools) and the VM's bridge (aiwvm-mcp), never linked into aiwc or aiwvm.
    .target(
        name: "ToolClients",
        dependencies: [
            "ToolProcesses",
            .product(name: "MCP", package: "swift-sdk"),
            // The SDK's `Transport` protocol carries a swift-log `Logger`.
            .product(name: "Logging", package: "swift-log"),
        ]
    ),
    // `aiwc tools sync`: reads every registered tool's operations and schemas into the lock.
    .target(
        name: "ToolSync",
        dependencies: [
            "Diagnostics", "Syntax", "Sema", "ToolClients", "ToolProcesses",
            .product(name: "MCP", package: "swift-sdk"),
            .product(name: "OpenAPIKit", package: "OpenAPIKit"),
            .product(name: "OpenAPIKit30", package: "OpenAPIKit"),
            .product(name: "OpenAPIKitCompat", package: "OpenAPIKit"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]
    ),
    .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics"]),
    .testTarget(name: "SyntaxTests", dependencies: ["Syntax", "Diagnostics"]),
    .testTarget(
        name: "SemaTests",
        dependencies: ["Sema", "Syntax", "Diagnostics"]
    ),
    // aiwvm too, for the unit tests of its `exec` fast path (ExecFastPathTests); aiwc-tools
    // so that `aiwc tools sync` finds it beside aiwc.
    .testTarget(name: "CLITests", dependencies: ["aiwc", "aiwvm", "aiwc-tools", "Diagnostics", "Sema", "Plan"]),
    .testTarget(name: "MigrateTests", dependencies: ["Migrate", "Diagnostics", "Syntax"]),
    .testTarget(name: "PlanTests", dependencies: ["Plan", .product(name: "Crypto", package: "swift-crypto")]),
    // The compiler stages only to compile the workflows the tests run; the stand-in agent
    // only so that it is built before the tests that run it.
    .testTarget(
        name: "VMTests",
        dependencies: [
            "VM", "Plan", "Lowering", "Sema", "Syntax", "Diagnostics", "aiw-agent-stand-in", "aiwvm-mcp",
            // Tool tests sync their tools' lock as `aiwc tools sync` does, and drive the MCP
            // client and child processes directly.
            "ToolSync", "ToolClients", "ToolProcesses",
            // The state store's tests read pragmas and plant rows through the connection.
            .product(name: "GRDB", package: "GRDB.swift"),
            // The OpenAI stub server runs as a child with no other descriptors of the tests.
            .product(name: "Subprocess", package: "swift-subprocess"),
        ]
    ),
]

// The libFuzzer target exists only when asked for: it has no `main` and links only under
// `-sanitize=fuzzer`, so an ordinary build must not see it (scripts/fuzz sets AIW_FUZZ=1).
if Context.environment["AIW_FUZZ"] == "1" {
    for (name, dependencies, path) in [
        ("FuzzCheck", ["Sema", "Syntax", "Diagnostics"], "Tests/Fuzz/FuzzCheck"),
        ("FuzzJSON", ["VM"], "Tests/Fuzz/FuzzJSON"),
        ("FuzzAgents", ["VM"], "Tests/Fuzz/FuzzAgents"),
        ("FuzzMigrate", ["Migrate", "Diagnostics", "Syntax"], "Tests/Fuzz/FuzzMigrate"),
        ("FuzzPlan", ["Plan"], "Tests/Fuzz/FuzzPlan"),
    ] as [(String, [Target.Dependency], String)] {
        targets.append(.executableTarget(name: name, dependencies: dependencies, path: path, swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    }
}

let package = Package(
    name: "AIWorkflow",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "aiwc", targets: ["aiwc"]),
        .executable(name: "aiwvm", targets: ["aiwvm"]),
        .executable(name: "aiwc-tools", targets: ["aiwc-tools"]),
        .executable(name: "aiwvm-mcp", targets: ["aiwvm-mcp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // Without its default trait, which loads external references and builds much slower.
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0", traits: []),
    ],
    targets: targets
)
