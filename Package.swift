// swift-tools-version: 6.0
import PackageDescription

/// Lets `SHAExtensions` call the SHA and SSSE3 instructions through clang's intrinsics. Swift has no per-function
/// target attributes, so the module is compiled for them and checks with CPUID before it runs any.
#if arch(x86_64)
  let shaInstructionFlags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-msha", "-Xcc", "-mssse3"])]
#else
  let shaInstructionFlags: [SwiftSetting] = []
#endif

/// echolens: find the passages of a transcript that echo a reference model's known outputs.
///
/// Layers only look down: the executable calls `EchoLensCommands`; the commands and `LanguageServer` call the
/// engine (`Matching`, `ReferenceIndex`, `TextProcessing`); `LanguageServer` speaks through `JSONRPC`. The engine
/// never imports the server or JSON-RPC. Under both, `SystemCalls` holds the POSIX calls they share and nothing else.
let package = Package(
  name: "echolens",
  products: [
    .executable(name: "echolens", targets: ["echolens"]),
    .executable(name: "echolens-bench", targets: ["echolens-bench"]),
  ],
  targets: [
    // MARK: SystemCalls (the POSIX calls every layer shares; depends on nothing, knows no layer above it)
    .target(name: "SystemCalls"),

    // MARK: SHAExtensions (SHA-256 round constants, and the rounds on the processor's SHA instructions; the only
    // module built with their flags)
    .target(name: "SHAExtensions", swiftSettings: shaInstructionFlags),

    // MARK: TextProcessing
    .target(name: "TextProcessing", dependencies: ["SystemCalls", "SHAExtensions"]),
    .testTarget(name: "TextProcessingTests", dependencies: ["TextProcessing", "TestSupport"]),

    // MARK: ReferenceIndex
    .target(name: "ReferenceIndex", dependencies: ["SystemCalls", "TextProcessing"]),
    .testTarget(name: "ReferenceIndexTests", dependencies: ["ReferenceIndex", "TestSupport"]),

    // MARK: Matching
    .target(
      name: "Matching", dependencies: ["TextProcessing", "ReferenceIndex"],
      resources: [.copy("Resources/identities.json")]),
    .testTarget(name: "MatchingTests", dependencies: ["Matching", "TestSupport"]),

    // MARK: Evidence
    .target(name: "Evidence", dependencies: ["Matching", "ReferenceIndex", "SystemCalls", "TextProcessing"]),
    .testTarget(name: "EvidenceTests", dependencies: ["Evidence", "TestSupport"]),

    // MARK: Provenance (the corpus-level verdict of `echolens report`)
    .target(name: "Provenance", dependencies: ["Matching", "TextProcessing"]),
    .testTarget(name: "ProvenanceTests", dependencies: ["Provenance", "TestSupport"]),
    .target(name: "ProvenanceReport", dependencies: ["Provenance", "Evidence", "Matching", "TextProcessing"]),

    // MARK: JSONRPC
    .target(name: "JSONRPC", dependencies: ["SystemCalls"]),
    .testTarget(name: "JSONRPCTests", dependencies: ["JSONRPC", "TestSupport"]),

    // MARK: LanguageServer
    .target(
      name: "LanguageServer",
      dependencies: [
        "JSONRPC", "Matching", "ReferenceIndex", "SystemCalls", "TextProcessing", "Evidence", "Provenance",
        "ProvenanceReport",
      ]),
    .testTarget(name: "LanguageServerTests", dependencies: ["LanguageServer", "TestSupport"]),

    // MARK: EchoLensCommands (the CLI's subcommands: index, scan, demo, serve)
    .target(
      name: "EchoLensCommands",
      dependencies: [
        "TextProcessing", "ReferenceIndex", "Matching", "Evidence", "LanguageServer", "Provenance", "ProvenanceReport",
      ],
      resources: [.copy("Demo")]),
    .testTarget(name: "EchoLensCommandsTests", dependencies: ["EchoLensCommands", "TestSupport"]),

    // MARK: Executables
    .executableTarget(name: "echolens", dependencies: ["EchoLensCommands"]),
    .executableTarget(
      name: "echolens-bench",
      dependencies: [
        "TextProcessing", "ReferenceIndex", "Matching", "EchoLensCommands", "Provenance", "ProvenanceReport",
        "JSONRPC",
      ]),

    // MARK: TestSupport
    .target(name: "TestSupport", dependencies: ["TextProcessing", "ReferenceIndex"]),
  ],
  swiftLanguageModes: [.v6]
)
