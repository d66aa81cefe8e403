import Foundation

// echolens-bench: prints the performance and quality figures of issues 2, 3 and 4, each beside its target.
// Deterministic: every random choice comes from a fixed seed. See BenchOptions for the command line.

// Output is line-buffered by print to a terminal; flush after each table so piped runs show progress too.
do {
  let options = try BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
  let context = try BenchContext(options: options)
  print("echolens-bench: data \(options.dataDirectory), scratch \(context.scratch)\(options.quick ? ", --quick" : "")")
  for section in options.sections {
    let (_, seconds) = try Clock.measure {
      switch section {
      case .index: try IndexBenchmark(context: context).run()
      case .scan: try ScanBenchmark(context: context).run()
      case .quality: try QualityBenchmark(context: context).run()
      case .calibration: try CalibrationBenchmark(context: context).run()
      case .recall: try CalibrationBenchmark(context: context).recall()
      case .copydetect: try CopydetectBenchmark(context: context).run()
      case .lsp: try LSPBenchmark(context: context).run()
      case .lspAudit: try LSPAuditBenchmark(context: context).run()
      case .provenance: try ProvenanceBenchmark(context: context).run()
      }
    }
    print("(section \(section.rawValue) took \(Format.fixed(seconds, 1)) s)")
  }
} catch {
  FileHandle.standardError.write(Data("echolens-bench: \(error)\n".utf8))
  exit(2)
}
