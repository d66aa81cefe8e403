import Dispatch
import Foundation
import JSONRPC
import Matching
import TextProcessing

extension Server {
  /// Schedules a scan of the document's current version after the debounce, replacing any earlier one.
  func scheduleScan(of document: OpenDocument, delayMilliseconds: Int) {
    document.pendingScan?.cancel()
    document.runningScan?.cancel()
    document.runningScan = nil
    let version = document.version
    let work = DispatchWorkItem { [weak document] in
      guard let document, self.documents[document.uri] === document, document.version == version else {
        return
      }
      document.pendingScan = nil
      self.startScan(of: document)
    }
    document.pendingScan = work
    // Without a debounce (an open, or `debounceMilliseconds` 0) the scan starts as soon as the queue is free: a
    // timer of 0 ms still waited about a millisecond for its wake-up.
    if delayMilliseconds <= 0 {
      connection.queue.async(execute: work)
    } else {
      connection.queue.asyncAfter(deadline: .now() + .milliseconds(delayMilliseconds), execute: work)
    }
  }

  /// Starts the scan of the document's current version off the queue.
  private func startScan(of document: OpenDocument) {
    guard lifecycle == .running else { return }
    let version = document.version
    let text = document.text
    guard text.count <= settings.maxFileBytes else {
      let reason =
        "Not scanned: the file is \(Self.describeBytes(text.count)), over the echolens.maxFileBytes limit "
        + "of \(Self.describeBytes(settings.maxFileBytes)). Raise the setting to scan it."
      finishScan(of: document, version: version, outcome: .notScanned(reason: reason), flag: nil)
      return
    }
    guard let holder = engine else { return }
    let flag = CancellationFlag()
    document.runningScan = flag
    let format = document.format
    let large = text.count >= options.progressThresholdBytes
    let progress =
      large ? beginProgress(title: "echolens: scanning \((document.uri as NSString).lastPathComponent)") : nil
    let previous = document.pieceResults.flatMap { $0.engine == ObjectIdentifier(holder) ? $0.results : nil }
    let changed = previous == nil ? nil : document.changedSincePieces
    // A scan of several pieces shows its findings part by part (`DocumentScan` decides when); progress is reported
    // for large documents only.
    let onPart: @Sendable (Int, Int, [Passage]) -> Void = { done, all, passages in
      self.connection.queue.async {
        self.showPart(of: document, version: version, flag: flag, done: done, all: all, passages: passages, progress)
      }
    }
    DispatchQueue.global(qos: .userInitiated).async {
      let outcome = Self.scan(
        text, format: format, engine: holder, flag: flag, previous: previous, changed: changed, onPart: onPart)
      self.connection.queue.async {
        self.endProgress(progress)
        if case .scanned(_, let results?) = outcome, self.documents[document.uri] === document,
          document.version == version, !flag.isCancelled
        {
          document.pieceResults = (ObjectIdentifier(holder), results, DispatchTime.now().uptimeNanoseconds)
          self.dropPieceResultsOfOlderDocuments()
        }
        switch outcome {
        case .noIndex(let problem), .damagedIndex(let problem):
          if self.engine === holder { self.reportEngineProblem(problem) }
        case .scanned, .notScanned, .cancelled:
          break
        }
        self.finishScan(of: document, version: version, outcome: outcome.findings, flag: flag)
        // Trimmed once the scan's buffers, the findings it replaced and the excerpts the stored findings leave out
        // are all freed: after this block, which holds the scan's result, has returned; and off the queue. A
        // keystroke's rescan of a piece or two is not trimmed after: what it freed, the next one reuses.
        if outcome.scannedBytes >= HeapTrimmer.worthTrimmingBytes {
          self.connection.queue.async {
            DispatchQueue.global(qos: .utility).async { HeapTrimmer.releaseFreeMemory() }
          }
        }
      }
    }
  }

  /// Keeps what rescans reuse (the pieces' candidates and the built diagnostics) only for the
  /// `options.documentsKeepingPieces` documents scanned last, so that memory grows with the documents being edited,
  /// not with every document open.
  private func dropPieceResultsOfOlderDocuments() {
    let keeping = documents.values.filter { $0.pieceResults != nil }
      .sorted { ($0.pieceResults?.scannedAt ?? 0) > ($1.pieceResults?.scannedAt ?? 0) }
    for document in keeping.dropFirst(max(0, options.documentsKeepingPieces)) {
      document.pieceResults = nil
      document.diagnosticCache.clear()
    }
  }

  /// Runs on a background queue.
  private static func scan(
    _ text: [UInt8], format: TranscriptFormat, engine: EngineHolder, flag: CancellationFlag,
    previous: PieceResults?, changed: TextChange?, onPart: @escaping @Sendable (Int, Int, [Passage]) -> Void
  ) -> ScanOutcome {
    switch engine.engine() {
    case .failure(let problem):
      return .noIndex(problem)
    case .success where engine.damage != nil:
      return .damagedIndex(engine.damage ?? EngineUnavailable(description: "echolens: the index is damaged"))
    case .success(let loaded):
      let transcript: Transcript
      do {
        // Valid UTF-8 by construction: texts come from message strings, which `JSONByteParser` checks, and edits
        // land on character boundaries (`EditorLineTable` snaps positions inside a character back to its start).
        transcript = try Transcript.parse(text, format: format, knownValidUTF8: true)
      } catch {
        return .notScanned("Not scanned: the transcript could not be read as \(format.rawValue): \(error)")
      }
      if flag.isCancelled { return .cancelled }
      let scan = DocumentScan(
        transcript: transcript, flag: flag, previous: previous, changed: changed, onPart: onPart)
      do {
        guard let (result, pieces) = try scan.run(with: loaded.scanner), !flag.isCancelled else { return .cancelled }
        return .scanned(result, pieces)
      } catch {
        return .damagedIndex(engine.recordDamage(error))
      }
    }
  }

  /// Shows a scan's progress and, to push clients, the passages found so far, unless the document moved on.
  private func showPart(
    of document: OpenDocument, version: Int, flag: CancellationFlag, done: Int, all: Int, passages: [Passage],
    _ progress: ProgressHandle?
  ) {
    guard documents[document.uri] === document, document.version == version, !flag.isCancelled,
      document.findings == nil
    else { return }
    reportProgress(progress, percentage: max(1, done * 100 / max(all, 1)), message: "\(done) of \(all) parts")
    // A part without findings is not published: it would only clear, for a moment, what the client shows of the
    // last version.
    guard !client.pullsDiagnostics, !passages.isEmpty else { return }
    let factory = diagnosticFactory(for: document)
    let diagnostics = passages.sorted { $0.range < $1.range }.map {
      factory.diagnostic(for: $0, in: document, cache: document.diagnosticCache)
    }
    document.diagnosticCache.end()
    publish(diagnostics, of: document, version: version)
  }

  /// A factory for the current settings, its cache of `document` emptied when they changed since its last use.
  private func diagnosticFactory(for document: OpenDocument) -> DiagnosticFactory {
    let library = referenceLibrary
    document.diagnosticCache.begin(
      DiagnosticCache.Context(
        encoding: client.encoding, severities: settings.severities, library: library.map(ObjectIdentifier.init)))
    return DiagnosticFactory(
      encoding: client.encoding, severities: settings.severities,
      locator: ReferenceLocator(library: library, encoding: client.encoding))
  }

  /// Sends `textDocument/publishDiagnostics`, encoding only the diagnostics the last publication did not have.
  private func publish(_ diagnostics: [Diagnostic], of document: OpenDocument, version: Int) {
    do {
      let params = try document.diagnosticCache.publishParams(
        uri: document.uri, version: version, diagnostics: diagnostics)
      connection.send(notification: PublishDiagnosticsNotification.method, params: params)
    } catch {
      Log.error("could not encode the diagnostics of \(document.uri): \(error)")
    }
  }

  /// Stores and publishes the findings of `version`, unless the document moved on: a stale result is dropped.
  private func finishScan(
    of document: OpenDocument, version: Int, outcome: DocumentFindings.Outcome?, flag: CancellationFlag?
  ) {
    guard let outcome, documents[document.uri] === document, document.version == version,
      flag.map({ !$0.isCancelled }) ?? true
    else {
      Log.debug("dropping a stale scan of \(document.uri) version \(version)")
      return
    }
    if let flag, document.runningScan === flag { document.runningScan = nil }
    let started = DispatchTime.now().uptimeNanoseconds
    let factory = diagnosticFactory(for: document)
    let findings = DocumentFindings(
      version: version, outcome: outcome.droppingExcerpts(),
      diagnostics: factory.diagnostics(
        for: outcome, in: document, summaryAsDiagnostic: !client.codeLens, cache: document.diagnosticCache))
    document.diagnosticCache.end()
    document.findings = findings
    let built = DispatchTime.now().uptimeNanoseconds
    if !client.pullsDiagnostics { publish(findings.diagnostics, of: document, version: version) }
    Log.debug(
      "published \(findings.diagnostics.count) diagnostics of version \(version) in "
        + "\((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000) ms, of which building them "
        + "\((built - started) / 1_000_000) ms")
    if client.codeLens && client.codeLensRefresh { connection.send(CodeLensRefreshRequest()) { _ in } }
    let waiters = document.waiters
    document.waiters = []
    for waiter in waiters { waiter(findings) }
  }

  /// The reference answers of the open engine, when it opened.
  var referenceLibrary: ReferenceLibrary? {
    guard let engine, engine.isLoaded, case .success(let loaded) = engine.engine() else { return nil }
    return loaded.library
  }

  /// Calls `body` with the findings of the document's current version, now or once its scan is done; with nil
  /// when the document is not open or is closed first.
  func whenCurrent(_ uri: String, _ body: @escaping (OpenDocument?, DocumentFindings?) -> Void) {
    guard let document = documents[uri] else {
      body(nil, nil)
      return
    }
    if let findings = document.findings {
      body(document, findings)
      return
    }
    document.waiters.append { [weak document] findings in body(findings == nil ? nil : document, findings) }
    if document.pendingScan == nil && document.runningScan == nil { scheduleScan(of: document, delayMilliseconds: 0) }
  }

  func pullDiagnostics(_ params: DocumentDiagnosticRequest, _ reply: TypedReply<DocumentDiagnosticReport>) {
    whenCurrent(params.textDocument.uri) { _, findings in
      reply.succeed(
        DocumentDiagnosticReport(resultId: findings.map { String($0.version) }, items: findings?.diagnostics ?? []))
    }
  }

  static func describeBytes(_ count: Int) -> String {
    if count >= 1 << 20 { return String(format: "%.1f MiB", Double(count) / Double(1 << 20)) }
    if count >= 1 << 10 { return String(format: "%.1f KiB", Double(count) / Double(1 << 10)) }
    return "\(count) bytes"
  }
}

/// What a background scan produced, before it is checked for staleness on the queue.
private enum ScanOutcome {
  /// The result, and each piece's passages for the next scan of this document.
  case scanned(ScanResult, PieceResults?)
  case notScanned(String)
  case noIndex(EngineUnavailable)
  /// The index is damaged: the document gets a diagnostic that says so and how to rebuild the index.
  case damagedIndex(EngineUnavailable)
  case cancelled

  /// The bytes of text the scan read: its pieces' windows, or as good as all of it when it has no pieces.
  var scannedBytes: Int {
    if case .scanned(_, let pieces?) = self { return pieces.scannedBytes }
    return .max
  }

  var findings: DocumentFindings.Outcome? {
    switch self {
    case .scanned(let result, _): return .scanned(result)
    case .notScanned(let reason): return .notScanned(reason: reason)
    case .noIndex: return .noIndex
    case .damagedIndex(let problem): return .notScanned(reason: problem.description)
    case .cancelled: return nil
    }
  }
}
