"""The Neovim plugin in a real headless Neovim 0.11 against the built `echolens serve`.

One session (module fixture) does what a user does: `vim.lsp.enable('echolens')` with the plugin on the runtime
path, opens a Markdown transcript in a workspace whose `.echolens/index` was built by the CLI, and then hovers, asks
for code actions, exports, and runs `:checkhealth`. drive_session.lua records; these tests assert.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from echolens_editor_support import (
    FIXTURES,
    PROTOCOL,
    MarkedText,
    build_index,
    require_echolens,
    run_nvim,
    strip_markers,
)

WARN = 3  # vim.log.levels.WARN
INFO = 2  # vim.log.levels.INFO
SEVERITY_ERROR, SEVERITY_WARN = 1, 2  # vim.diagnostic.severity

MISSING_MESSAGE = "echolens: server binary '{}' not found; install it (swift build -c release) or set cmd"

# The fixture session sets one severity through the settings, under its Protocol/LSP.md name, so the tests can see
# that settings reach the server.
SESSION_SETTINGS = {"severities": {"selfIdentification": "error"}}


@pytest.fixture(scope="module")
def transcript() -> MarkedText:
    return strip_markers((FIXTURES / "transcript.md").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, transcript: MarkedText) -> Path:
    """A project folder as the README tells users to make one: `.echolens/index/reference.eli` plus a transcript."""
    binary = require_echolens()
    root = tmp_path_factory.mktemp("workspace")
    build_index(binary, FIXTURES / "corpus.jsonl", root / ".echolens" / "index" / "reference.eli")
    (root / "transcript.md").write_text(transcript.text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def session(workspace: Path, tmp_path_factory) -> dict:
    binary = require_echolens()
    run = run_nvim(
        {
            "mode": "enable",
            "bin": str(binary),
            "transcript": str(workspace / "transcript.md"),
            "workspace": str(workspace),
            "settings": SESSION_SETTINGS,
            "cwd": str(workspace),
            "timeout_ms": 30000,
        },
        tmp_path_factory.mktemp("nvim-session"),
    )
    result = run.result
    assert result["errors"] == [], f"driver errors: {result['errors']}\nstderr:\n{run.stderr}"
    assert result["attached"], f"no client attached; notifications: {result['notifications']}"
    return result


def diagnostics_of(session: dict, code: str) -> list[dict]:
    return [d for d in session["diagnostics"] if d["code"] == code]


def test_plugin_defines_commands_and_overridable_highlight_groups(session):
    assert session["commands"] == {
        "EchoLensExport": True,
        "EchoLensExportAll": True,
        "EchoLensInfo": True,
        "EchoLensReference": True,
        "EchoLensCompare": True,
    }
    assert session["highlight_links"] == {
        "EchoLensEcho": "DiagnosticUnderlineWarn",
        "EchoLensSelfIdentification": "DiagnosticUnderlineError",
        "EchoLensCommonText": "DiagnosticUnderlineHint",
        "EchoLensReferenceMatch": "Visual",
        "EchoLensCompareChanged": "DiffText",
        "EchoLensCompareAdded": "DiffAdd",
        "EchoLensCompareDeleted": "DiffDelete",
    }


def test_client_uses_workspace_root_and_contract_settings(session, workspace):
    client = session["client"]
    assert Path(client["root_dir"]).resolve() == workspace.resolve()
    assert client["filetypes"] == ["markdown", "text", "json", "jsonl"]
    assert client["settings"] == {"echolens": SESSION_SETTINGS}
    assert set(client["execute_commands"]) >= {
        "echolens.exportEvidence",
        "echolens.exportAllEvidence",
        "echolens.indexInfo",
    }


def test_echo_diagnostic_range_code_and_message(session, transcript):
    echoes = diagnostics_of(session, "echo")
    assert len(echoes) == 1, session["diagnostics"]
    echo = echoes[0]
    assert echo["source"] == "echolens"
    encoding = session["client"]["offset_encoding"]
    assert echo["range"] == {
        "start": transcript.lsp_position("1️⃣", encoding),
        "end": transcript.lsp_position("2️⃣", encoding),
    }
    # Neovim's byte columns: the passage's line starts with "voilà —" (multi-byte), so they differ from UTF-16.
    start_line, _, start_byte = transcript.positions["1️⃣"]
    assert (echo["lnum"], echo["col"]) == (start_line, start_byte)
    assert re.fullmatch(
        r"Echoes gpt-4 answer ref-photosynthesis: \d{2,3}% of \d+ words; uncalibrated: about 1 in 10\^\d+ by a "
        r"word-frequency model that overstates the odds of conventional text",
        echo["message"],
    ), echo["message"]
    assert echo["severity"] == SEVERITY_WARN  # strong echo: default "warning"
    assert echo["data"]["passageId"]
    assert echo["data"]["uri"].endswith("/transcript.md")


def test_self_identification_diagnostic_uses_configured_severity(session, transcript):
    claims = diagnostics_of(session, "self-identification")
    assert len(claims) == 1, session["diagnostics"]
    claim = claims[0]
    encoding = session["client"]["offset_encoding"]
    assert claim["range"] == {
        "start": transcript.lsp_position("3️⃣", encoding),
        "end": transcript.lsp_position("4️⃣", encoding),
    }
    assert claim["message"].startswith("Claims to be ChatGPT (OpenAI)"), claim["message"]
    assert claim["severity"] == SEVERITY_ERROR  # from SESSION_SETTINGS, not the default "warning"


def test_highlight_extmarks_follow_the_diagnostics(session):
    expected = sorted(
        (d["lnum"], d["col"], d["end_lnum"], d["end_col"], group)
        for d in session["diagnostics"]
        for group in [{"echo": "EchoLensEcho", "self-identification": "EchoLensSelfIdentification"}[d["code"]]]
    )
    actual = sorted((m["row"], m["col"], m["end_row"], m["end_col"], m["hl_group"]) for m in session["extmarks"])
    assert actual == expected


def hover_text(hover: dict) -> str:
    """The hover as a reader sees it: Markdown backslash escapes (`gpt\\-4`) removed."""
    assert hover.get("err") is None, hover
    contents = hover["result"]["contents"]
    if isinstance(contents, dict):
        text = contents["value"]
    elif isinstance(contents, list):
        text = "\n".join(c if isinstance(c, str) else c["value"] for c in contents)
    else:
        text = contents
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!~|<>])", r"\1", text)


def test_hover_on_echo_names_the_reference_and_the_evidence(session):
    text = hover_text(session["hovers"]["echo"])
    assert "ref-photosynthesis" in text
    assert "gpt-4" in text
    assert re.search(r"Similarity \d+% over \d+ words", text), text
    # The reference excerpt is shown with the fixture's edits marked, so the reader can compare.
    assert "chlorophyll in the chloroplasts absorbs sunlight" in text
    assert "{--some--} {++certain++}" in text and "{--convert--} {++turn++}" in text, text


def test_hover_as_shown_in_the_float_has_no_escapes_and_a_readable_diff(session):
    lines = session.get("rendered_hover")
    assert lines, "no hover window opened"
    shown = "\n".join(lines)
    # What Neovim shows is the Markdown source with some markers concealed, so a backslash escape would be visible.
    assert "\\" not in shown, shown
    assert "Echoes gpt-4 answer ref-photosynthesis:" in shown, shown
    assert "({--only in the reference--} {++only in the transcript++})" in shown, shown
    assert "green plants, algae and {--some--} {++certain++} bacteria" in shown, shown


def test_summary_code_lens_on_the_first_line(session):
    lenses = session["code_lenses"]
    assert len(lenses) == 1, lenses
    assert lenses[0]["line"] == 0
    title = lenses[0]["title"]
    assert re.fullmatch(r"echolens: \d+% echoes gpt-4 · 1 echoed passage · claims to be ChatGPT once", title), title
    # Neovim draws it as virtual text on line 1.
    assert title in session["first_line_virtual_text"], session["first_line_virtual_text"]


def test_code_actions_offer_export_of_the_passage_and_of_the_file(session):
    for code in ("echo", "self-identification"):
        reply = session["code_actions"][code]
        assert reply.get("err") is None, reply
        actions = reply["result"]
        by_title = {action["title"]: action for action in actions}
        assert "Export evidence for this passage" in by_title, [a["title"] for a in actions]
        assert "Export evidence for all passages in this file" in by_title, [a["title"] for a in actions]
        quickfix = by_title["Export evidence for this passage"]
        assert quickfix["kind"] == "quickfix"
        assert quickfix["command"]["command"] == "echolens.exportEvidence"
        source = by_title["Export evidence for all passages in this file"]
        assert source["kind"] == "source.echolens.exportAll"
        assert source["command"]["command"] == "echolens.exportAllEvidence"


def load_schema() -> dict:
    path = PROTOCOL / "evidence.schema.json"
    assert path.is_file(), f"{path} is missing (the evidence report's JSON Schema)"
    return json.loads(path.read_text(encoding="utf-8"))


def validate_report(path: Path) -> dict:
    import jsonschema

    report = json.loads(path.read_text(encoding="utf-8"))
    schema = load_schema()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(report), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    return report


def exported_path(step: dict) -> Path:
    notes = step["notifications"]
    assert len(notes) == 1, notes
    note = notes[0]
    assert note["level"] == INFO, note
    match = re.fullmatch(r"echolens: exported (\d+) passage\(s\) to (.+)", note["message"])
    assert match, note["message"]
    return Path(match.group(2)), int(match.group(1))


def test_export_under_cursor_writes_a_schema_valid_report_in_the_workspace(session, workspace):
    path, passages = exported_path(session["export"])
    assert passages == 1
    assert path.is_file()
    assert path.resolve().is_relative_to((workspace / ".echolens" / "evidence").resolve())
    report = validate_report(path)
    (passage,) = report["passages"]
    (echo,) = diagnostics_of(session, "echo")
    assert passage["id"] == echo["data"]["passageId"]
    assert passage["kind"] == "echo"
    assert passage["message"] == echo["message"]
    assert passage["best"]["documentID"] == "ref-photosynthesis"
    assert report["transcript"]["path"] == "transcript.md"


def test_quickfix_code_action_runs_in_neovim(session):
    # Applying the quickfix through vim.lsp.buf.code_action must write another report.
    assert len(session["files_after_code_action"]) > len(session["files_after_export"]), session[
        "files_after_code_action"
    ]


def test_export_all_writes_every_passage(session, workspace):
    path, passages = exported_path(session["export_all"])
    assert passages == len(session["diagnostics"]) == 2
    report = validate_report(path)
    assert sorted((p["kind"], p["id"]) for p in report["passages"]) == sorted(
        (d["code"], d["data"]["passageId"]) for d in session["diagnostics"]
    )


def test_info_shows_the_open_index(session, workspace):
    info = session["info"]
    assert info.get("err") is None, info
    assert info["lines"] and info["lines"][0] == "echolens index"
    assert session["info_float"] == info["lines"]
    shown = "\n".join(info["lines"])
    assert "reference.eli" in shown
    # The six fixture documents and the workspace index the server fell back to.
    assert "  documentCount: 6" in info["lines"], shown
    assert str(workspace / ".echolens" / "index") in shown


def test_checkhealth_finds_binary_version_and_workspace_index(session, workspace):
    health = "\n".join(session["health"])
    assert "OK found " in health, health
    assert "OK version: " in health, health
    assert f"OK workspace index: {workspace / '.echolens' / 'index'}" in health or "OK workspace index: " in health
    assert "ERROR" not in health, health


def test_setup_on_the_neovim_0_10_path_with_index_paths(workspace, tmp_path_factory, transcript):
    """`require('echolens').setup{}` through vim.lsp.start, with the index given by `indexPaths` outside the root."""
    binary = require_echolens()
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    shutil.copy(workspace / ".echolens" / "index" / "reference.eli", elsewhere / "refs.eli")
    loose = tmp_path_factory.mktemp("loose")
    (loose / "chat.md").write_text(transcript.text, encoding="utf-8")
    run = run_nvim(
        {
            "mode": "setup_legacy",
            "bin": str(binary),
            "transcript": str(loose / "chat.md"),
            "workspace": str(loose),
            "settings": {"indexPaths": [str(elsewhere / "refs.eli")]},
            "cwd": str(loose),
            "timeout_ms": 30000,
        },
        tmp_path_factory.mktemp("nvim-legacy"),
    )
    result = run.result
    assert result["errors"] == [], result["errors"]
    assert result["attached"]
    assert result["client"]["settings"] == {"echolens": {"indexPaths": [str(elsewhere / "refs.eli")]}}
    assert sorted(d["code"] for d in result["diagnostics"]) == ["echo", "self-identification"]


def test_session_shows_no_errors_or_stray_messages(session):
    assert session["errmsg"] == ""
    assert [n["message"] for n in session["notifications"] if not n["message"].startswith("echolens: exported ")] == []
    assert "Error" not in session["messages"] and "deprecated" not in session["messages"], session["messages"]


def reference_output() -> str:
    for line in (FIXTURES / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == "ref-photosynthesis":
            return record["output"]
    raise AssertionError("no ref-photosynthesis in the corpus fixture")


def test_gd_opens_the_reference_read_only_with_the_matched_region_highlighted(session):
    assert session["gd_mapping"] == "echolens: go to the reference of the passage under the cursor"
    reference = session["reference"]
    assert reference["name"].startswith("echolens-index:///") and reference["name"].endswith("/ref-photosynthesis")
    assert reference["lines"] == reference_output().split("\n")
    assert reference["readonly"] and not reference["modifiable"] and reference["buftype"] == "nofile"
    assert reference["clients"] == 0  # a reference view is not a transcript to scan
    assert reference["meta"]["model"] == "gpt-4" and reference["meta"]["documentID"] == "ref-photosynthesis"
    (match,) = reference["marks"]
    assert match["hl_group"] == "EchoLensReferenceMatch"
    # The transcript echoes the reference from its first word to "the plant".
    assert match["text"] == reference_output().removesuffix(".")
    assert reference["cursor"] == [1, 0]
    assert reference["visual_start"] == [1, 0]
    assert reference["visual_end"] == [1, len(reference_output()) - 2]


def test_compare_shows_both_sides_with_the_differences_highlighted(session):
    compare = session["compare"]
    assert compare.get("err") is None, compare
    assert compare["windows"] == 2 and compare["layout"] == "row", compare
    assert compare["reference_name"].endswith("/ref-photosynthesis")
    transcript_side = sorted((m["hl_group"], m["text"]) for m in compare["transcript_marks"])
    reference_side = sorted(
        (m["hl_group"], m["text"]) for m in compare["reference_marks"] if m["hl_group"] != "EchoLensReferenceMatch"
    )
    # The fixture's edits: "some" → "certain", "convert" → "turn", "by-product" → "waste product".
    assert ("EchoLensCompareChanged", "certain") in transcript_side, transcript_side
    assert ("EchoLensCompareChanged", "turn") in transcript_side, transcript_side
    assert ("EchoLensCompareChanged", "some") in reference_side, reference_side
    assert ("EchoLensCompareChanged", "convert") in reference_side, reference_side
    assert len(transcript_side) == len(reference_side) or compare["differences"] >= len(transcript_side)
