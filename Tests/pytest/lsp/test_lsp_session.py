"""The echolens server through pytest-lsp: initialize, push and pull diagnostics, hover, code actions, commands."""

from __future__ import annotations

import asyncio
import subprocess

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from echolens_lsp_support import echolens_binary, expected_range, make_workspace

pytestmark = pytest.mark.asyncio(loop_scope="function")

SERVER = ClientServerConfig(server_command=[echolens_binary(), "serve"], server_env={"ECHOLENS_LOG": "error"})


async def start(client: LanguageClient, spec: str, literals: bool = True, **options):
    """Initializes a session as the client `spec` (a capability set recorded from a real editor).

    `literals=False` removes `codeActionLiteralSupport`: lsprotocol's `_code_action_hook` structures every
    `(Command | CodeAction)` object that has a `command` member as a Command, which garbles CodeAction literals on
    this side; with bare Commands every member is checked. Tests/LanguageServerTests checks the literals on raw JSON.
    """
    workspace = make_workspace()
    capabilities = client_capabilities(spec)
    if not literals and capabilities.text_document and capabilities.text_document.code_action:
        capabilities.text_document.code_action.code_action_literal_support = None
    settings = {"debounceMilliseconds": 20, **options}
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="ws")],
            initialization_options=settings,
        )
    )
    return workspace, result


def open_notes(client: LanguageClient, workspace) -> str:
    uri = (workspace / "notes.md").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=(workspace / "notes.md").read_text(encoding="utf-8")
            )
        )
    )
    return uri


@pytest_lsp.fixture(config=SERVER)
async def vscode(lsp_client: LanguageClient):
    @lsp_client.feature(types.WORKSPACE_CODE_LENS_REFRESH)
    def code_lens_refresh(params):  # VS Code declares refreshSupport and asks for the lenses again
        lsp_client.code_lens_refreshes = getattr(lsp_client, "code_lens_refreshes", 0) + 1
        return None

    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def neovim(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def test_initialize_as_vscode(vscode: LanguageClient):
    _, result = await start(vscode, "visual-studio-code")
    assert result.server_info is not None and result.server_info.name == "echolens"
    capabilities = result.capabilities
    assert capabilities.position_encoding == types.PositionEncodingKind.Utf16
    assert capabilities.hover_provider is True
    assert capabilities.diagnostic_provider is None
    assert list(capabilities.execute_command_provider.commands) == [
        "echolens.exportEvidence",
        "echolens.exportAllEvidence",
        "echolens.indexInfo",
        "echolens.compare",
        "echolens.writeReport",
    ]
    assert capabilities.definition_provider is True
    assert capabilities.code_lens_provider is not None and not capabilities.code_lens_provider.resolve_provider
    sync = capabilities.text_document_sync
    assert sync.change == types.TextDocumentSyncKind.Incremental and sync.open_close is True


async def test_push_diagnostics_as_vscode(vscode: LanguageClient):
    workspace, _ = await start(vscode, "visual-studio-code")
    uri = open_notes(vscode, workspace)
    await vscode.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    diagnostics = vscode.diagnostics[uri]
    assert len(diagnostics) == 1
    diagnostic = diagnostics[0]
    (start_line, start_col), (end_line, end_col) = expected_range("utf-16")
    assert diagnostic.range == types.Range(
        start=types.Position(line=start_line, character=start_col), end=types.Position(line=end_line, character=end_col)
    )
    assert diagnostic.source == "echolens"
    assert diagnostic.code == "echo"
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert diagnostic.message.startswith("Echoes gpt-4 answer alpaca:1: ")
    assert diagnostic.data == {"uri": uri, "passageId": diagnostic.data["passageId"]}
    assert diagnostic.related_information[0].location.uri.endswith("/alpaca:1")


async def test_pull_diagnostics_in_utf8_as_neovim(neovim: LanguageClient):
    workspace, result = await start(neovim, "neovim@v0.11.0")
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    assert result.capabilities.diagnostic_provider is not None
    uri = open_notes(neovim, workspace)
    report = await neovim.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert report.kind == "full"
    (start_line, start_col), (end_line, end_col) = expected_range("utf-8")
    assert [d.range for d in report.items] == [
        types.Range(
            start=types.Position(line=start_line, character=start_col),
            end=types.Position(line=end_line, character=end_col),
        )
    ]


async def test_hover_shows_the_reference_and_differences(vscode: LanguageClient):
    workspace, _ = await start(vscode, "visual-studio-code")
    uri = open_notes(vscode, workspace)
    (line, column), _ = expected_range("utf-16")
    hover = await vscode.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=column + 3)
        )
    )
    assert hover is not None
    assert hover.contents.kind == types.MarkupKind.Markdown
    text = hover.contents.value
    for expected in (
        "`alpaca:1`", "**gpt-4**", "Explain photosynthesis", "{--synthesize--} {++make++}", "uncalibrated: about 1 in 10^"
    ):
        assert expected in text
    nothing = await vscode.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=1))
    )
    assert nothing is None


async def test_code_actions_and_export(vscode: LanguageClient):
    workspace, _ = await start(vscode, "visual-studio-code", literals=False)
    uri = open_notes(vscode, workspace)
    await vscode.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    diagnostic = vscode.diagnostics[uri][0]
    actions = await vscode.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    assert [a.title for a in actions] == [
        "Export evidence for this passage",
        "Export evidence for all passages in this file",
    ]
    assert [a.command for a in actions] == ["echolens.exportEvidence", "echolens.exportAllEvidence"]
    assert list(actions[1].arguments) == [{"uri": uri}]
    command = actions[0]
    result = await vscode.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command.command, arguments=command.arguments)
    )
    assert result["passages"] == 1
    report = result["path"]
    assert report.startswith(str(workspace.resolve() / ".echolens" / "evidence")) or "/.echolens/evidence/" in report
    with open(report, encoding="utf-8") as handle:
        assert '"alpaca:1"' in handle.read()
    # Another auditor checks the editor's report with the CLI: digest, transcript, index and a rescan that finds the
    # exported passage again, identical.
    verified = subprocess.run(
        [str(echolens_binary()), "verify", report], cwd=workspace, capture_output=True, check=False, timeout=120
    )
    assert verified.returncode == 0, verified.stdout.decode() + verified.stderr.decode()
    assert "1 recorded passage found again, identical" in verified.stdout.decode()
    # window/showDocument is a request the client answers; poll until it has arrived.
    for _ in range(100):
        if vscode.shown_documents:
            break
        await asyncio.sleep(0.05)
    assert vscode.shown_documents[0].uri.endswith(".md")


async def test_index_info_and_refused_export(vscode: LanguageClient):
    workspace, _ = await start(vscode, "visual-studio-code", evidenceFolder="../elsewhere")
    uri = open_notes(vscode, workspace)
    info = await vscode.workspace_execute_command_async(types.ExecuteCommandParams(command="echolens.indexInfo"))
    assert info["documentCount"] == 2 and info["source"] == "workspace"
    with pytest.raises(Exception) as failure:
        await vscode.workspace_execute_command_async(
            types.ExecuteCommandParams(command="echolens.exportAllEvidence", arguments=[{"uri": uri}])
        )
    assert "refusing" in str(failure.value)


async def test_summary_code_lens_as_vscode(vscode: LanguageClient):
    workspace, _ = await start(vscode, "visual-studio-code")
    uri = open_notes(vscode, workspace)
    await vscode.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d.code for d in vscode.diagnostics[uri]] == ["echo"]  # the summary is a lens, not a diagnostic here
    lenses = await vscode.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert len(lenses) == 1
    assert lenses[0].range == types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
    assert lenses[0].command.title.startswith("echolens: ")
    assert lenses[0].command.title.endswith("% echoes gpt-4 · 1 echoed passage")


async def test_definition_opens_the_reference_with_the_matched_region(vscode: LanguageClient):
    workspace, _ = await start(vscode, "visual-studio-code")
    uri = open_notes(vscode, workspace)
    (line, column), _ = expected_range("utf-16")
    locations = await vscode.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=column + 3)
        )
    )
    assert len(locations) == 1
    location = locations[0]
    assert location.uri.startswith("echolens-index:///") and location.uri.endswith("/alpaca:1")
    # The content request gives the text the range points into: the reference answer as indexed.
    document = await vscode.protocol.send_request_async("echolens/referenceDocument", {"uri": location.uri})
    assert document.documentID == "alpaca:1" and document.model == "gpt-4"
    lines = document.text.split("\n")
    first, last = location.range.start, location.range.end
    assert first.line == last.line == 0
    assert lines[0][first.character : last.character].startswith("Photosynthesis is the process")
    nothing = await vscode.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=1)
        )
    )
    assert nothing is None
