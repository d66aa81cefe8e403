import EchoLensCommands
import Testing

@Suite struct ScanOutputTextTests {
  @Test func printsCompilerStyleFindingsSummariesAndErrors() throws {
    let output = try ScanOutput.render(ScanOutputFixtures.files, run: ScanOutputFixtures.run, format: .text)
    let expected = """
      chats/voilà.md:3:8: warning: Echoes gpt-4 answer alpaca:123: 94% of 61 words; uncalibrated: about 1 in 10^18 by a word-frequency model that overstates the odds of conventional text
          “The quick brown fox jumps over the lazy dog near the river bank today”
          reference alpaca:123 by gpt-4: similarity 94%, longest verbatim run 8 words, E-value 1e-18 (uncalibrated); strong evidence
      chats/voilà.md:4:15: warning: Claims to be ChatGPT (OpenAI): “I am ChatGPT”
          “I am ChatGPT”
          self-identification: claims ChatGPT by OpenAI; rule self-phrase + model name
      chats/voilà.md: 2 passages (1 echo, 1 self-identification); 50% of the text echoes gpt-4; 30 words scanned
      chats/clean.txt: no passages; 4 words scanned
      chats/locked.md: error: permission denied
      echolens: 3 files, 2 passages in 1 file, 1 error

      """
    #expect(output == expected)
  }

  @Test func columnsCountScalarsNotBytes() throws {
    // "Voilà: " is 8 bytes but 7 scalars, so the echo starts at column 8.
    let output = try ScanOutputText().render(ScanOutputFixtures.files, run: ScanOutputFixtures.run)
    #expect(output.contains("chats/voilà.md:3:8: warning:"))
  }

  @Test func weakEchoesAndCommonTextAreNotes() throws {
    var weak = ScanOutputFixtures.echo
    weak.strength = .weak
    var common = ScanOutputFixtures.echo
    common.kind = .commonText
    var file = ScanOutputFixtures.files[0]
    file.result?.passages = [weak, common]
    let output = try ScanOutputText().render([file], run: ScanOutputFixtures.run)
    #expect(output.contains("chats/voilà.md:3:8: note: Echoes gpt-4"))
    #expect(output.contains("chats/voilà.md:3:8: note: Common text: matches gpt-4 answer alpaca:123 but is common"))
  }
}
