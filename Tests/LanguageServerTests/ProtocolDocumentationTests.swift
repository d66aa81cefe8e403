import Foundation
import Testing

@testable import LanguageServer

/// The registry is the one sorted list of methods, and `Protocol/LSP.md` documents each of them.
@Suite struct ProtocolDocumentationTests {
  @Test func registryIsSortedAndUnique() {
    let methods = MessageRegistry.methods
    #expect(methods == methods.sorted())
    #expect(Set(methods).count == methods.count)
  }

  @Test func everyMethodCommandAndSettingIsDocumented() throws {
    let path = ServerProcess.packageRoot + "/Protocol/LSP.md"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let serverToClient = [
      PublishDiagnosticsNotification.method, ShowMessageNotification.method, ShowDocumentRequest.method,
      WorkDoneProgressCreateRequest.method, ProgressNotification.method, ConfigurationRequest.method,
      DiagnosticRefreshRequest.method, CodeLensRefreshRequest.method,
    ]
    for method in MessageRegistry.methods + serverToClient {
      #expect(text.contains("`\(method)`"), "Protocol/LSP.md does not document \(method)")
    }
    for command in Server.commands { #expect(text.contains("`\(command)`"), "undocumented command \(command)") }
    for setting in [
      "indexPaths", "backgroundIndexPaths", "minTokens", "minSimilarity", "maxEValue",
      "maxPassagesPerDocument", "kinds", "maxSeedDocuments", "ownIdentities", "identityFiles", "severities",
      "debounceMilliseconds", "evidenceFolder", "maxFileBytes",
    ] {
      #expect(text.contains("`\(setting)`"), "undocumented setting \(setting)")
    }
  }
}
