import Foundation

/// POSIX shell quoting, so that a reproduce command pasted into `sh`, `bash` or `zsh` gets the same argv.
public enum ShellQuoting {
  /// `word` unchanged when it has only characters no shell treats specially, else in single quotes with each `'`
  /// written as `'\''`.
  public static func quote(_ word: String) -> String {
    if !word.isEmpty, word.unicodeScalars.allSatisfy(isPlain) { return word }
    return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// The words quoted and joined by single spaces.
  public static func join(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }

  private static func isPlain(_ s: Unicode.Scalar) -> Bool {
    switch s {
    case "a"..."z", "A"..."Z", "0"..."9": return true
    case "_", ".", "/", ":", "=", "@", "%", "+", ",", "-": return true
    default: return false
    }
  }
}
