"""The evidence report's JSON Schema, digest and Markdown, checked with third-party tools (jsonschema, hashlib).

The report is the committed fixture that the Swift tests (EvidenceReportTests) regenerate and compare byte for
byte, so it is exactly what the code writes.
"""

from __future__ import annotations

import copy
import shlex

import pytest
from jsonschema import Draft202012Validator

from echolens_cli_support import FIXTURES, PROTOCOL, canonical_digest, load_json


@pytest.fixture(scope="module")
def schema() -> dict:
    schema = load_json(PROTOCOL / "evidence.schema.json")
    Draft202012Validator.check_schema(schema)
    return schema


@pytest.fixture()
def report() -> dict:
    return load_json(FIXTURES / "evidence-report.json")


def errors(schema: dict, document: dict) -> list[str]:
    return [error.message for error in Draft202012Validator(schema).iter_errors(document)]


def test_report_validates_against_the_schema(schema, report):
    assert errors(schema, report) == []
    assert [p["kind"] for p in report["passages"]] == ["echo", "self-identification"]


def test_digest_recomputed_in_python_matches(report):
    assert canonical_digest(report) == report["reportDigest"]


def test_any_change_breaks_the_digest(report):
    tampered = copy.deepcopy(report)
    tampered["passages"][0]["best"]["similarity"] = 0.95
    assert canonical_digest(tampered) != report["reportDigest"]
    tampered = copy.deepcopy(report)
    tampered["passages"][0]["text"] += " "
    assert canonical_digest(tampered) != report["reportDigest"]


@pytest.mark.parametrize(
    "mutate",
    [
        lambda r: r.pop("reportDigest"),
        lambda r: r["passages"][0].__setitem__("kind", "plagiarism"),
        lambda r: r["transcript"].__setitem__("sha256", "not-a-digest"),
        lambda r: r["passages"][0]["range"]["start"].__setitem__("line", 0),
        lambda r: r.__setitem__("unexpected", True),
        lambda r: r["reproduce"].__setitem__("command", "rm -rf /"),
    ],
    ids=["no-digest", "unknown-kind", "bad-sha", "line-zero", "unknown-field", "not-a-scan-command"],
)
def test_schema_rejects_broken_reports(schema, report, mutate):
    mutate(report)
    assert errors(schema, report) != []


def test_reproduce_command_is_the_quoted_argv(report):
    reproduce = report["reproduce"]
    assert shlex.split(reproduce["command"]) == reproduce["arguments"]
    arguments = reproduce["arguments"]
    assert arguments[:2] == ["echolens", "scan"]
    assert arguments[arguments.index("--format") + 1] == "json"
    assert arguments[-1] == report["transcript"]["path"]
    for index in report["indexes"]:
        assert index["path"] in arguments


def test_markdown_report_shows_the_hashes_and_the_command(report):
    markdown = (FIXTURES / "evidence-report.md").read_text(encoding="utf-8")
    assert report["reportDigest"] in markdown
    assert report["transcript"]["sha256"] in markdown
    assert report["reproduce"]["command"] in markdown
    for passage in report["passages"]:
        assert passage["message"] in markdown


def test_both_schemas_share_their_definitions():
    """Passages, ranges, parameters and index identities mean the same in a report and in scan output."""
    evidence = load_json(PROTOCOL / "evidence.schema.json")["$defs"]
    scan = load_json(PROTOCOL / "scan.schema.json")["$defs"]
    for name, definition in evidence.items():
        assert scan[name] == definition, name
