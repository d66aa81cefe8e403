import Foundation

/// The benchmark's command line: `echolens-bench [--quick] [--section NAME]... [--data DIR] [--echolens PATH]`.
struct BenchOptions {
  enum Section: String, CaseIterable {
    case index, scan, quality, calibration, recall, copydetect, lsp, provenance
    /// Only the issue-12 table of section `lsp` (the editor at audit scale), to iterate on it.
    case lspAudit = "lsp-audit"
  }

  /// Skip everything that needs the generated 1 GiB corpus.
  var quick = false
  /// Every section but `lsp-audit`, which `lsp` already runs.
  var sections: [Section] = Section.allCases.filter { $0 != .lspAudit }
  /// The shared real model outputs (never copied into the repository).
  var dataDirectory = "../shared/data"
  /// The built `echolens` executable, for the measurements that need a separate process.
  var echolensPath: String?
  /// Scratch folder for indexes, generated corpora and planted transcripts (gitignored).
  var scratchDirectory = ".build/bench"
  /// Size of the generated corpus, in bytes (default 1 GiB).
  var generatedBytes = 1 << 30

  static let usage = """
    usage: echolens-bench [--quick] [--section index|scan|quality|calibration|recall|copydetect|lsp|lsp-audit|provenance]... [--data DIR]
                          [--echolens PATH] [--scratch DIR] [--generated-mib N]
    """

  init(arguments: [String]) throws {
    var i = 0
    var chosen: [Section] = []
    func value() throws -> String {
      i += 1
      guard i < arguments.count else { throw BenchError("\(arguments[i - 1]) needs a value\n\(Self.usage)") }
      return arguments[i]
    }
    while i < arguments.count {
      switch arguments[i] {
      case "--quick": quick = true
      case "--section":
        let name = try value()
        guard let s = Section(rawValue: name) else { throw BenchError("unknown section '\(name)'\n\(Self.usage)") }
        chosen.append(s)
      case "--data": dataDirectory = try value()
      case "--echolens": echolensPath = try value()
      case "--scratch": scratchDirectory = try value()
      case "--generated-mib":
        guard let n = Int(try value()), n > 0 else { throw BenchError("--generated-mib needs a positive number") }
        generatedBytes = n << 20
      case "--help", "-h":
        print(Self.usage)
        exit(0)
      default: throw BenchError("unknown argument '\(arguments[i])'\n\(Self.usage)")
      }
      i += 1
    }
    if !chosen.isEmpty { sections = chosen }
  }
}

/// A failure that stops the benchmark, with a message for the terminal.
struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
