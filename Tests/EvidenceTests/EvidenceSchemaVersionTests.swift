import Testing

@testable import Evidence

@Suite struct EvidenceSchemaVersionTests {
  @Test func schemaVersionIsOne() { #expect(Evidence.schemaVersion == 1) }
}
