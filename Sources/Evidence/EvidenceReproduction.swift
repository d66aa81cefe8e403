/// The `echolens scan` command that finds the report's passages again.
public struct EvidenceReproduction: Codable, Sendable, Hashable {
  /// Where to run it: the workspace root, since the transcript path is relative to it.
  public var workingDirectory: String
  /// The argv, unquoted, starting with `echolens`.
  public var arguments: [String]
  /// `arguments` quoted for a POSIX shell, ready to paste.
  public var command: String
  /// Reasons the command may not find exactly the same passages (for example unsaved editor changes); empty when
  /// nothing is known to differ.
  public var caveats: [String]

  public init(workingDirectory: String, arguments: [String], command: String, caveats: [String]) {
    self.workingDirectory = workingDirectory
    self.arguments = arguments
    self.command = command
    self.caveats = caveats
  }

  /// The command for one transcript: every `--index`/`--background` path, every parameter flag (defaults too,
  /// so later changes of a default cannot change the outcome), `--format json`, then the transcript.
  public init(
    workingDirectory: String, indexPaths: [String], backgroundPaths: [String], calibrationPath: String? = nil,
    parameters: EvidenceParameters, transcriptPath: String, caveats: [String] = []
  ) {
    var argv = ["echolens", "scan"]
    for path in indexPaths { argv += ["--index", path] }
    for path in backgroundPaths { argv += ["--background", path] }
    if let calibrationPath { argv += ["--calibration", calibrationPath] }
    argv += ["--min-tokens", String(parameters.minTokens)]
    argv += ["--min-similarity", String(parameters.minSimilarity)]
    argv += ["--max-evalue", String(parameters.maxEValue)]
    argv += ["--max-uncalibrated-evalue", String(parameters.maxUncalibratedEValue)]
    for (group, members) in parameters.modelGroups.sorted(by: { $0.key < $1.key }) {
      argv += ["--model-group", group + "=" + members.joined(separator: ",")]
    }
    argv += ["--max-passages", String(parameters.maxPassagesPerDocument)]
    argv += ["--kinds", parameters.kinds.joined(separator: ",")]
    argv += ["--max-seed-documents", String(parameters.maxSeedDocuments)]
    for file in parameters.identityFiles { argv += ["--identities", file] }
    for name in parameters.ownIdentities { argv += ["--own-identity", name] }
    argv += ["--format", "json"]
    // A path starting with "-" would read as a flag.
    argv.append(transcriptPath.hasPrefix("-") ? "./" + transcriptPath : transcriptPath)
    self.init(
      workingDirectory: workingDirectory, arguments: argv, command: ShellQuoting.join(argv), caveats: caveats)
  }
}
