import Glibc

// The stand-in agent: see StandIn.swift. Options, in order, before the protocol's own
// arguments: --stand-in-state FILE, --stand-in-fail N, --stand-in-failure STYLE,
// --stand-in-answer TEXT, --stand-in-bad-json-first N, --stand-in-delay MS.
exit(StandIn.main(Array(CommandLine.arguments.dropFirst())))
