import EchoLensCommands

#if canImport(Glibc)
  import Glibc
#endif

// The executable holds no logic: argv goes to the command library, its status becomes the exit code.
exit(EchoLensCLI.run(Array(CommandLine.arguments.dropFirst())))
