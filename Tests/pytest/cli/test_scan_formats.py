"""`echolens scan` text and JSON output through the built CLI, with positions checked independently."""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator

from conftest import ECHOED
from echolens_cli_support import FIXTURES, PROTOCOL, load_json, position, run_echolens


@pytest.fixture(scope="module")
def scan_validator() -> Draft202012Validator:
    schema = load_json(PROTOCOL / "scan.schema.json")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_committed_json_fixture_validates(scan_validator):
    assert [e.message for e in scan_validator.iter_errors(load_json(FIXTURES / "scan.json"))] == []


def test_json_output_validates_and_locates_the_passages(scan_validator, workspace):
    scanned = run_echolens("scan", "--index", "ref.eli", "--format", "json", "chat.md", "clean.txt", cwd=workspace)
    assert scanned.returncode == 1, scanned.stderr.decode()
    document = json.loads(scanned.stdout)
    assert [e.message for e in scan_validator.iter_errors(document)] == []
    chat, clean = document["files"]
    assert (chat["path"], clean["path"]) == ("chat.md", "clean.txt")
    assert clean["passages"] == [] and clean["status"] == "scanned"
    data = (workspace / "chat.md").read_bytes()
    kinds = {p["kind"]: p for p in chat["passages"]}
    assert set(kinds) == {"echo", "self-identification"}
    for passage in chat["passages"]:
        r = passage["range"]
        assert r["start"] == position(data, r["utf8Start"])
        assert r["end"] == position(data, r["utf8End"])
        assert passage["text"] == data[r["utf8Start"] : r["utf8End"]].decode()
    echo = kinds["echo"]
    assert echo["best"]["documentID"] == "ref:1" and echo["best"]["model"] == "gpt-4"
    assert echo["text"] in ECHOED and len(echo["text"]) >= 0.8 * len(ECHOED)
    assert echo["message"].startswith("Echoes gpt-4 answer ref:1: ")
    assert "ChatGPT" in kinds["self-identification"]["text"]
    assert document["summary"]["passageCount"] == 2
    assert chat["coverage"][0]["model"] == "gpt-4"


def test_text_output_is_compiler_style_with_scalar_columns(workspace):
    scanned = run_echolens("scan", "--index", "ref.eli", "chat.md", "missing.md", cwd=workspace)
    assert scanned.returncode == 2  # an unreadable file is an error, and the scan still went on
    lines = scanned.stdout.decode().splitlines()
    data = (workspace / "chat.md").read_bytes()
    findings = [re.match(r"^chat\.md:(\d+):(\d+): (warning|note): (.*)$", line) for line in lines]
    findings = [m for m in findings if m]
    assert len(findings) == 2, lines
    echo = next(m for m in findings if m.group(4).startswith("Echoes gpt-4 answer ref:1:"))
    expected = position(data, data.find(ECHOED.encode()))
    assert (int(echo.group(1)), int(echo.group(2))) == (expected["line"], expected["scalarColumn"])
    assert re.search(
        r"; uncalibrated: about 1 in 10\^\d+ by a word-frequency model that overstates the odds of conventional text$",
        echo.group(4),
    )
    index = lines.index(echo.group(0))
    assert lines[index + 1].strip().startswith("“Lighthouses were built")
    assert "similarity" in lines[index + 2]
    assert any(l.startswith("chat.md: 2 passages (1 echo, 1 self-identification); ") for l in lines)
    assert any(re.match(r"^missing\.md: error: ", l) for l in lines)


def test_exit_status_is_zero_when_nothing_is_found(workspace):
    scanned = run_echolens("scan", "--index", "ref.eli", "clean.txt", cwd=workspace)
    assert scanned.returncode == 0, scanned.stdout.decode() + scanned.stderr.decode()
    assert "clean.txt: no passages" in scanned.stdout.decode()
