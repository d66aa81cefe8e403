import Foundation
import JSONRPC
import Testing

/// `JSONStringLiteral` writes what the encoder of every outgoing message writes.
@Suite struct JSONStringLiteralTests {
  @Test func everyASCIICharacterAndNonASCIITextAreWrittenAsTheEncoderWritesThem() throws {
    var samples = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
    samples += [
      "", "plain words", "quote \" backslash \\ slash / tab \t newline \n nul \u{0} bell \u{7} del \u{7F}",
      "é 漢 😀 👩‍💻 \u{2028}\u{2029} \u{FEFF} cafe\u{301}", "\u{1F}\u{10}\u{0B}",
    ]
    for sample in samples {
      var written: [UInt8] = []
      JSONStringLiteral.append(sample, to: &written)
      #expect(written == [UInt8](try OutgoingMessage.encode(sample)), "\(sample.unicodeScalars.map(\.value))")
    }
  }
}
