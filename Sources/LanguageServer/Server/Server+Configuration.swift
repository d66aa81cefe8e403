import Foundation
import JSONRPC
import Matching

extension Server {
  func didChangeConfiguration(_ params: DidChangeConfigurationNotification) {
    let given = params.settings
    let isEmpty = given == nil || given == .null || given == .object([:])
    if isEmpty {
      // The pull model: the notification only says that something changed.
      guard client.configurationRequests else { return }
      let request = ConfigurationRequest(items: [.init(section: "echolens", scopeUri: nil)])
      connection.send(request) { result in
        switch result {
        case .success(let values): self.applySettings(values.first)
        case .failure(let error): Log.error("workspace/configuration failed: \(error.message)")
        }
      }
      return
    }
    applySettings(given)
  }

  /// Applies new settings; a change of index or thresholds opens a new engine and rescans every open document.
  func applySettings(_ value: JSONValue?) {
    let next: ServerSettings
    do {
      next = try settings.applying(value)
    } catch {
      let problem = InvalidSettings(error).description
      Log.error("settings: \(problem)")
      showMessage("echolens: ignoring invalid settings: \(problem)", type: 2)
      return
    }
    guard next != settings else { return }
    settings = next
    let configuration = engineConfiguration()
    if configuration != engine?.configuration {
      engine = makeEngineHolder(configuration)
      reportedEngineProblem = nil
      openEngineInBackground()
    }
    // Forget the old findings so that requests wait for the rescan instead of answering from the old settings.
    rescanOpenDocuments()
  }

  /// Where the index is: the `indexPaths` setting, else `<workspace>/.echolens/index`, else `ECHOLENS_INDEX`.
  func engineConfiguration() -> EngineConfiguration {
    let workspaceIndex = workspaceRoot.map { ($0 as NSString).appendingPathComponent(".echolens/index") }
    var searched: [String] = []
    var paths: [String] = []
    var source = "setting"
    if !settings.indexPaths.isEmpty {
      paths = settings.indexPaths.map(resolvePath)
    } else if let workspaceIndex, FileManager.default.fileExists(atPath: workspaceIndex) {
      paths = [workspaceIndex]
      source = "workspace"
    } else if let environment = options.environment["ECHOLENS_INDEX"], !environment.isEmpty {
      paths = [resolvePath(environment)]
      source = "environment"
    } else {
      searched = [workspaceIndex ?? "<workspace>/.echolens/index", "the ECHOLENS_INDEX environment variable"]
    }
    // The panel and its calibration: the settings, else the workspace's `.echolens/background` folder and
    // `.echolens/calibration.json` when they exist (`echolens calibrate` writes them there by convention).
    var backgroundPaths = settings.backgroundIndexPaths.map(resolvePath)
    var calibrationPath = settings.calibrationPath.isEmpty ? nil : resolvePath(settings.calibrationPath)
    if let workspaceRoot {
      let echolens = (workspaceRoot as NSString).appendingPathComponent(".echolens")
      let background = (echolens as NSString).appendingPathComponent("background")
      let calibration = (echolens as NSString).appendingPathComponent("calibration.json")
      if backgroundPaths.isEmpty, FileManager.default.fileExists(atPath: background) { backgroundPaths = [background] }
      if calibrationPath == nil, FileManager.default.fileExists(atPath: calibration) { calibrationPath = calibration }
    }
    return EngineConfiguration(
      scanner: EchoScannerConfiguration(
        indexPaths: paths, backgroundIndexPaths: backgroundPaths,
        identityFiles: settings.identityFiles.map(resolvePath), parameters: settings.parameters,
        calibrationPath: calibrationPath),
      indexSource: source, searched: searched)
  }

  /// A setting's path: `~/` is the home folder, `~name/` the home folder of account `name`, and a relative path is
  /// relative to the workspace root.
  ///
  /// Every path setting (indexes, background, identity lists, the evidence folder, `ECHOLENS_INDEX`) comes through
  /// here. The home folder is `$HOME` as the editor started us, as a shell would expand it, else the account's;
  /// `~name` for an account that does not exist stays as written, as in a shell.
  func resolvePath(_ path: String) -> String {
    var expanded = path
    if path.hasPrefix("~") {
      let account = path.dropFirst().prefix { $0 != "/" }
      let rest = path.dropFirst(1 + account.count)
      if account.isEmpty {
        expanded = (options.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) + rest
      } else if let home = FileManager.default.homeDirectory(forUser: String(account))?.path {
        expanded = home + rest
      }
    }
    if expanded.hasPrefix("/") { return expanded }
    guard let workspaceRoot else { return expanded }
    return (workspaceRoot as NSString).appendingPathComponent(expanded)
  }

  /// Opens the current engine off the queue, with work-done progress, and reports a problem once.
  func openEngineInBackground() {
    guard let holder = engine, !holder.isLoaded else { return }
    let progress = beginProgress(title: "echolens: opening the reference index")
    DispatchQueue.global(qos: .userInitiated).async {
      let result = holder.engine()
      self.connection.queue.async {
        self.endProgress(progress)
        if case .failure(let problem) = result, self.engine === holder { self.reportEngineProblem(problem) }
      }
    }
  }

  /// Shows an engine problem with `window/showMessage` unless the same one was already shown.
  func reportEngineProblem(_ problem: EngineUnavailable) {
    guard reportedEngineProblem != problem.description else { return }
    reportedEngineProblem = problem.description
    showMessage(problem.description, type: 2)
  }
}
