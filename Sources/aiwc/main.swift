#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

exit(AiwcCLI.run(Array(CommandLine.arguments.dropFirst()), environment: .process()))
