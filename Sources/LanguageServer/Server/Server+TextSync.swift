import JSONRPC

extension Server {
  func didOpen(_ params: DidOpenTextDocumentNotification) {
    let item = params.textDocument
    if let previous = documents[item.uri] { discard(previous) }
    let document = OpenDocument(
      uri: item.uri, languageID: item.languageId, version: item.version, text: item.text)
    documents[item.uri] = document
    // The debounce is for typing; a document just opened is scanned at once.
    scheduleScan(of: document, delayMilliseconds: 0)
  }

  func didChange(_ params: DidChangeTextDocumentNotification) {
    guard let document = documents[params.textDocument.uri] else {
      Log.error("didChange for \(params.textDocument.uri), which is not open; ignored")
      return
    }
    if params.textDocument.version <= document.version {
      Log.info("didChange to version \(params.textDocument.version) after \(document.version) for \(document.uri)")
    }
    document.apply(params.contentChanges, version: params.textDocument.version, encoding: client.encoding)
    document.diagnosticCache.keepsEncodings = true
    scheduleScan(of: document, delayMilliseconds: settings.debounceMilliseconds)
  }

  func didSave(_ params: DidSaveTextDocumentNotification) {
    // The buffer is the truth while the document is open; saving changes nothing the server scans.
    Log.debug("saved \(params.textDocument.uri)")
  }

  func didClose(_ params: DidCloseTextDocumentNotification) {
    guard let document = documents.removeValue(forKey: params.textDocument.uri) else { return }
    discard(document)
    if !client.pullsDiagnostics {
      connection.send(PublishDiagnosticsNotification(uri: document.uri, version: nil, diagnostics: []))
    }
  }

  /// Stops a document's scans and answers its waiters with "no findings".
  private func discard(_ document: OpenDocument) {
    document.pendingScan?.cancel()
    document.runningScan?.cancel()
    let waiters = document.waiters
    document.waiters = []
    for waiter in waiters { waiter(nil) }
  }
}
