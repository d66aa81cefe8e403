/// A small, strict parser for the CLI's `--flag value` / `--switch` / positional arguments.
///
/// The toolchain has no argument parser and the project takes no package dependencies; this one knows only what
/// the commands declare and refuses anything else with a one-line error, which is what a CI log needs.
struct CommandArguments {
  var values: [String: [String]] = [:]
  var switches: Set<String> = []
  var positional: [String] = []

  /// Parses `arguments`; `options` take a value, `flags` do not.
  init(_ arguments: [String], options: Set<String>, flags: Set<String>) throws {
    var i = 0
    var onlyPositional = false
    while i < arguments.count {
      let a = arguments[i]
      if onlyPositional || !a.hasPrefix("-") || a == "-" {
        positional.append(a)
      } else if a == "--" {
        onlyPositional = true
      } else {
        var name = a
        var inlineValue: String? = nil
        if let eq = a.firstIndex(of: "=") {
          name = String(a[..<eq])
          inlineValue = String(a[a.index(after: eq)...])
        }
        if options.contains(name) {
          if let inlineValue {
            values[name, default: []].append(inlineValue)
          } else {
            guard i + 1 < arguments.count else { throw CommandError.usage("\(name) needs a value") }
            values[name, default: []].append(arguments[i + 1])
            i += 1
          }
        } else if flags.contains(name), inlineValue == nil {
          switches.insert(name)
        } else {
          throw CommandError.usage("unknown option \(a)")
        }
      }
      i += 1
    }
  }

  func value(_ name: String) -> String? { values[name]?.last }
  func all(_ name: String) -> [String] { values[name] ?? [] }
  func has(_ name: String) -> Bool { switches.contains(name) }

  func int(_ name: String) throws -> Int? {
    guard let v = value(name) else { return nil }
    guard let n = Int(v) else { throw CommandError.usage("\(name) takes a whole number, not '\(v)'") }
    return n
  }

  func double(_ name: String) throws -> Double? {
    guard let v = value(name) else { return nil }
    guard let n = Double(v) else { throw CommandError.usage("\(name) takes a number, not '\(v)'") }
    return n
  }
}
