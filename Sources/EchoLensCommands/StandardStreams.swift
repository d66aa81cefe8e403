#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing to stdout and stderr with plain `write(2)`, and asking whether stderr is a terminal.
///
/// The C `FILE*` globals are shared mutable state that Swift 6 refuses; writing to the descriptors directly needs
/// no buffer to flush before `exit`.
enum StandardStreams {
  static func out(_ text: String) { write(text, to: 1) }
  static func error(_ text: String) { write(text, to: 2) }

  static var errorIsTerminal: Bool { isatty(2) != 0 }

  private static func write(_ text: String, to descriptor: Int32) {
    var s = text
    s.withUTF8 { buffer in
      var offset = 0
      while offset < buffer.count {
        #if canImport(Glibc)
          let n = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        #else
          let n = Darwin.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        #endif
        if n <= 0 { return }
        offset += n
      }
    }
  }
}
