import TextProcessing

/// Fuzz target: the tokenizer.
///
/// Invariants: tokens lie inside the text, are non-empty and in order without overlap, and `terms` gives exactly
/// the tokens' terms; `count(_:startingIn:)` counts exactly the tokens that start in its range (two ranges taken
/// from the input's first bytes, and the whole text). Text that is not UTF-8 (which the CLI and the server refuse before tokenising) must still not
/// trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let tokens = Tokenizer.tokenize(bytes)
  let terms = Tokenizer.terms(bytes)
  let a = size > 0 ? Int(bytes[0]) * size / 256 : 0
  let b = size > 1 ? Int(bytes[1]) * size / 256 : size
  for range in [min(a, b)..<max(a, b), a..<size, 0..<size] {
    let counted = bytes.withUnsafeBufferPointer { Tokenizer.count($0, startingIn: range) }
    let expected = tokens.filter { range.contains(Int($0.utf8Start)) }.count
    precondition(counted == expected, "count in \(range) is \(counted), the tokens say \(expected)")
  }
  guard UTF8Validation.firstInvalidOffset(in: bytes) == nil else { return 0 }
  var end = 0
  for token in tokens {
    let start = Int(token.utf8Start)
    precondition(start >= end, "tokens overlap or go backwards at \(start)")
    precondition(Int(token.utf8End) > start && Int(token.utf8End) <= size, "token outside the text at \(start)")
    end = Int(token.utf8End)
  }
  precondition(terms == tokens.map(\.term), "terms differ from the tokens' terms")
  return 0
}
