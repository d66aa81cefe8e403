"""`echolens.writeReport` through a real LSP client (pytest-lsp) speaking to the built `echolens serve` over stdio:
the report for the workspace's transcripts, on the seeded panel of Tests/pytest/cli/report_fixture.py."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from echolens_lsp_support import echolens_binary

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))
from report_fixture import write_panel  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="function")

SERVER = ClientServerConfig(server_command=[echolens_binary(), "serve"], server_env={"ECHOLENS_LOG": "error"})


def report_workspace(suspect: str) -> Path:
    """A workspace holding one suspect transcript, the panel in `.echolens/panel` and the index of the teachers."""
    staging = Path(tempfile.mkdtemp(prefix="echolens-report-stage-"))
    files = write_panel(staging)
    root = Path(tempfile.mkdtemp(prefix="echolens-report-ws-"))
    (root / ".echolens" / "panel").mkdir(parents=True)
    (root / ".echolens" / "index").mkdir(parents=True)
    built = subprocess.run(
        [echolens_binary(), "index", "build", str(files["reference"]), "-o", str(root / ".echolens/index/ref.eli")],
        capture_output=True, check=False)
    assert built.returncode == 0, built.stderr.decode()
    for model in ("panel-one", "panel-two", "panel-three"):
        shutil.copy(files[model], root / ".echolens" / "panel" / files[model].name)
    shutil.copy(files[suspect], root / "answers.jsonl")
    return root


async def start(client: LanguageClient, root: Path) -> None:
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("neovim"),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="ws")],
        )
    )


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def test_write_report_names_the_planted_teacher(client: LanguageClient):
    root = report_workspace("distilled")
    await start(client, root)
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="echolens.writeReport", arguments=[{"format": "json"}]))
    path = root / ".echolens" / "reports" / "report.json"
    # The examples' sealed evidence goes to the evidence folder: one report for the one suspect transcript.
    sealed = sorted((root / ".echolens" / "evidence").glob("answers.jsonl-*.json"))
    assert len(sealed) == 1
    assert result == {
        "path": str(path), "outcome": "evidence", "teacher": "teacher-a",
        "verdict": json.loads(path.read_text())["result"]["verdict"]["sentence"], "evidence": [str(sealed[0])],
    }
    report = json.loads(path.read_text())
    evidence = json.loads(sealed[0].read_text())
    assert {e["evidence"]["path"] for e in report["examples"]} == {str(sealed[0].relative_to(root))}
    assert {e["evidence"]["reportDigest"] for e in report["examples"]} == {evidence["reportDigest"]}
    assert sorted(p["id"] for p in evidence["passages"]) == sorted(e["passage"]["id"] for e in report["examples"])
    assert evidence["transcript"]["path"] == "answers.jsonl"
    assert report["result"]["suspectName"] == "distilled-suspect"
    assert sorted(report["result"]["panelModels"]) == ["panel-one", "panel-three", "panel-two"]
    assert [s["path"] for s in report["suspectInputs"]] == ["answers.jsonl"]
    assert report["examples"][0]["location"].startswith("answers.jsonl:")
    # The message follows the reply; it may already be here, so poll what the client has received.
    for _ in range(100):
        if any("teacher-a at 14×" in m.message for m in client.messages):
            break
        await asyncio.sleep(0.05)
    assert any("teacher-a at 14×" in m.message and str(path) in m.message for m in client.messages)


async def test_write_report_for_an_independent_workspace_names_no_teacher(client: LanguageClient):
    root = report_workspace("independent")
    await start(client, root)
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="echolens.writeReport", arguments=[]))
    assert result["outcome"] == "no-evidence" and "teacher" not in result and result["evidence"] == []
    assert result["path"] == str(root / ".echolens" / "reports" / "report.html")
    html = (root / ".echolens" / "reports" / "report.html").read_text(encoding="utf-8")
    assert "No evidence that independent-suspect learned" in html


async def test_write_report_refuses_a_bad_format(client: LanguageClient):
    root = report_workspace("independent")
    await start(client, root)
    with pytest.raises(Exception, match="expected html, json or text"):
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="echolens.writeReport", arguments=[{"format": "pdf"}]))
