"""`--evidence DIR` of `echolens report` and `echolens scan`, as a user runs them, on the seeded panel of
report_fixture.py: the strongest examples get sealed evidence reports that verify (digest recomputed here as
Protocol/EVIDENCE.md says, schema checked with jsonschema, byte ranges hashed from the transcript), a scan-JSON input
whose transcript is gone or changed gets a one-line reason instead, `scan --evidence` writes one report per file with
findings, and an unusable folder fails with one line before anything is written."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from echolens_cli_support import PROTOCOL, canonical_digest, echolens_binary, load_json, run_echolens
from test_report import PANEL_ARGS, REPORT_SCAN_FLAGS, panel, validator  # noqa: F401 (panel is a fixture)

PANEL_SCANS = ["--panel", "panel-one.json", "--panel", "panel-two.json", "--panel", "panel-three.json"]


def schema_errors(name: str, document: dict) -> list[str]:
    return [error.message for error in validator(name).iter_errors(document)]


def files_under(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def check_sealed(root: Path, evidence_path: str, transcript: str) -> dict:
    """Loads an evidence report named by a report, and checks it as EVIDENCE.md tells a third party to."""
    report = load_json(root / evidence_path)
    assert schema_errors("evidence.schema.json", report) == []
    assert canonical_digest(report) == report["reportDigest"]
    data = (root / transcript).read_bytes()
    assert report["transcript"]["path"] == transcript
    assert report["transcript"]["sha256"] == hashlib.sha256(data).hexdigest()
    for passage in report["passages"]:
        r = passage["range"]
        assert hashlib.sha256(data[r["utf8Start"]:r["utf8End"]]).hexdigest() == passage["rangeSHA256"]
    assert (root / evidence_path).with_suffix(".md").is_file()
    return report


def test_report_evidence_seals_the_strongest_examples(panel: Path) -> None:
    plain = run_echolens("report", "--format", "json", "--index", "ref.eli", *PANEL_ARGS, "distilled.jsonl", cwd=panel)
    done = run_echolens(
        "report", "--format", "json", "--evidence", "ev-report", "--index", "ref.eli", *PANEL_ARGS, "distilled.jsonl",
        cwd=panel)
    assert done.returncode == 1, done.stderr.decode()
    assert done.stderr == b""
    doc = json.loads(done.stdout)
    assert schema_errors("report.schema.json", doc) == []
    examples = doc["examples"]
    assert len(examples) == 5
    # One transcript holds every example, so one sealed report holds them all.
    named = {e["evidence"]["path"] for e in examples}
    assert len(named) == 1 and all("evidenceProblem" not in e for e in examples)
    (path,) = named
    assert path.startswith("ev-report/distilled.jsonl-") and path.endswith(".json")
    assert files_under(panel / "ev-report") == sorted([Path(path).name, Path(path).with_suffix(".md").name])
    sealed = check_sealed(panel, path, "distilled.jsonl")
    assert {e["evidence"]["reportDigest"] for e in examples} == {sealed["reportDigest"]}
    assert {e["evidence"]["markdownPath"] for e in examples} == {str(Path(path).with_suffix(".md"))}
    # The evidence holds exactly the example passages, at the same byte ranges, in transcript order.
    by_start = sorted(examples, key=lambda e: e["passage"]["range"]["utf8Start"])
    assert sealed["passages"] == [e["passage"] for e in by_start]
    # The context a scan of the transcript records: the report's parameters and index, a command that reproduces it.
    assert sealed["parameters"] == doc["scanParameters"]
    assert [i["identity"] for i in sealed["indexes"]] == [i["identity"] for i in doc["indexes"]]
    assert sealed["reproduce"]["workingDirectory"] == str(panel)
    assert sealed["reproduce"]["caveats"] == []
    rerun = subprocess.run(
        [str(echolens_binary()), *sealed["reproduce"]["arguments"][1:]],
        cwd=sealed["reproduce"]["workingDirectory"], capture_output=True, check=False)
    assert rerun.returncode == 1, rerun.stderr.decode()
    found = {(p["id"], p["range"]["utf8Start"], p["range"]["utf8End"], p["best"]["bits"])
             for p in json.loads(rerun.stdout)["files"][0]["passages"] if p["kind"] == "echo"}
    for p in sealed["passages"]:
        assert (p["id"], p["range"]["utf8Start"], p["range"]["utf8End"], p["best"]["bits"]) in found
    # Without --evidence nothing changes: the same document without the evidence fields.
    for e in examples:
        del e["evidence"]
    assert json.loads(plain.stdout) == doc
    assert all("evidence" not in e and "evidenceProblem" not in e for e in json.loads(plain.stdout)["examples"])


def test_report_text_and_html_name_the_evidence(panel: Path) -> None:
    text = run_echolens(
        "report", "--evidence", "ev-text", "--index", "ref.eli", *PANEL_ARGS, "distilled.jsonl", cwd=panel)
    assert text.returncode == 1, text.stderr.decode()
    (written,) = [name for name in files_under(panel / "ev-text") if name.endswith(".json")]
    digest = load_json(panel / "ev-text" / written)["reportDigest"]
    lines = [line for line in text.stdout.decode().splitlines() if line.startswith("    evidence: ")]
    assert lines == [f"    evidence: ev-text/{written} (reportDigest {digest})"] * 5
    html_run = run_echolens(
        "report", "--format", "html", "--output", "evidence.html", "--evidence", "ev-html", "--index", "ref.eli",
        *PANEL_ARGS, "distilled.jsonl", cwd=panel)
    assert html_run.returncode == 1, html_run.stderr.decode()
    (written,) = [name for name in files_under(panel / "ev-html") if name.endswith(".json")]
    digest = load_json(panel / "ev-html" / written)["reportDigest"]
    html = (panel / "evidence.html").read_text(encoding="utf-8")
    assert html.count(f"<code>ev-html/{written}</code>, reportDigest <code>{digest}</code>") == 5


def scan_parts(panel: Path) -> None:
    for job in ["distilled-part-1", "distilled-part-2", "panel-one", "panel-two", "panel-three"]:
        done = run_echolens("scan", "--index", "ref.eli", "--format", "json", *REPORT_SCAN_FLAGS, f"{job}.jsonl", cwd=panel)
        assert done.returncode in (0, 1), done.stderr.decode()
        (panel / f"{job}.json").write_bytes(done.stdout)


def test_scan_json_inputs_read_the_transcript_back_or_say_why_not(panel: Path) -> None:
    scan_parts(panel)
    report = ["report", "--evidence", "ev-parts", *PANEL_SCANS, "distilled-part-1.json", "distilled-part-2.json"]
    moved = panel / "distilled-part-1.jsonl"
    moved.rename(panel / "elsewhere.jsonl")
    try:
        done = run_echolens(*report, "--format", "json", cwd=panel)
        text = run_echolens(*report, cwd=panel)
    finally:
        (panel / "elsewhere.jsonl").rename(moved)
    assert done.returncode == 1, done.stderr.decode()
    doc = json.loads(done.stdout)
    assert schema_errors("report.schema.json", doc) == []
    by_path = {}
    for e in doc["examples"]:
        by_path.setdefault(e["path"], []).append(e)
    assert sorted(by_path) == ["distilled-part-1.jsonl", "distilled-part-2.jsonl"]
    for e in by_path["distilled-part-1.jsonl"]:
        assert "evidence" not in e
        assert e["evidenceProblem"] == "distilled-part-1.jsonl: cannot read the transcript: no such file"
    (sealed_path,) = {e["evidence"]["path"] for e in by_path["distilled-part-2.jsonl"]}
    sealed = check_sealed(panel, sealed_path, "distilled-part-2.jsonl")
    assert sealed["passages"] == sorted(
        (e["passage"] for e in by_path["distilled-part-2.jsonl"]), key=lambda p: p["range"]["utf8Start"])
    assert sealed["parameters"] == doc["scanParameters"]
    # Read from the scan document: the index is named by the shard paths that scan recorded.
    assert sealed["reproduce"]["arguments"][:4] == ["echolens", "scan", "--index", "ref.eli"]
    problems = [line for line in text.stdout.decode().splitlines() if "no evidence file" in line]
    assert problems == ["    no evidence file: distilled-part-1.jsonl: cannot read the transcript: no such file"] * len(
        by_path["distilled-part-1.jsonl"])

    # A transcript changed since its scan: its passages may no longer be where the scan saw them.
    original = (panel / "distilled-part-2.jsonl").read_bytes()
    (panel / "distilled-part-2.jsonl").write_bytes(original + b"\n")
    try:
        changed = run_echolens(*report, "--format", "json", cwd=panel)
    finally:
        (panel / "distilled-part-2.jsonl").write_bytes(original)
    assert changed.returncode == 1, changed.stderr.decode()
    recorded = hashlib.sha256(original).hexdigest()[:12]
    now = hashlib.sha256(original + b"\n").hexdigest()[:12]
    for e in json.loads(changed.stdout)["examples"]:
        if e["path"] == "distilled-part-2.jsonl":
            assert e["evidenceProblem"] == (
                f"distilled-part-2.jsonl: the file is not the one that was scanned (SHA-256 {now}…, the scan "
                f"recorded {recorded}…)")
        else:
            check_sealed(panel, e["evidence"]["path"], "distilled-part-1.jsonl")


def test_scan_evidence_writes_one_report_per_file_with_findings(panel: Path) -> None:
    (panel / "quiet.txt").write_text("Nothing here repeats any teacher; it is a short note about the weather.\n")
    files = ["distilled.jsonl", "independent.jsonl", "quiet.txt"]
    plain = run_echolens("scan", "--index", "ref.eli", "--format", "json", *REPORT_SCAN_FLAGS, *files, cwd=panel)
    done = run_echolens(
        "scan", "--index", "ref.eli", "--format", "json", *REPORT_SCAN_FLAGS, "--evidence", "ev-scan", *files,
        cwd=panel)
    assert done.returncode == 1, done.stderr.decode()
    assert done.stdout == plain.stdout  # the scan's own output does not change
    scan = json.loads(done.stdout)
    with_findings = [f for f in scan["files"] if f["passages"]]
    assert [f["path"] for f in with_findings] == ["distilled.jsonl", "independent.jsonl"]
    written = [name for name in files_under(panel / "ev-scan") if name.endswith(".json")]
    assert len(written) == 2 and len(files_under(panel / "ev-scan")) == 4
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 2
    for file, line in zip(with_findings, lines):
        prefix = f"{file['path']}: evidence: ev-scan/"
        assert line.startswith(prefix)
        sealed = check_sealed(panel, line.split(": evidence: ")[1], file["path"])
        assert sealed["passages"] == file["passages"]
        assert sealed["parameters"] == scan["parameters"]
        assert sealed["indexes"] == scan["indexes"]


@pytest.mark.parametrize("command", ["report", "scan"])
def test_an_unusable_evidence_folder_fails_with_one_line_and_writes_nothing(panel: Path, command: str) -> None:
    before = sorted(p.name for p in panel.iterdir())
    args = ["--index", "ref.eli", "--evidence", "reference.jsonl/evidence"]
    if command == "report":
        args += [*PANEL_ARGS, "--format", "html", "--output", "never.html"]
    done = run_echolens(command, *args, "distilled.jsonl", cwd=panel)
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr.decode().splitlines() == [
        f"echolens: error: --evidence reference.jsonl/evidence: cannot write evidence: {panel}/reference.jsonl "
        "exists and is not a directory"]
    assert sorted(p.name for p in panel.iterdir()) == before


def test_report_help_names_the_evidence_flag(panel: Path) -> None:
    done = run_echolens("report", "--help", cwd=panel)
    assert done.returncode == 0, done.stderr.decode()
    assert "--evidence DIR" in done.stdout.decode() and done.stdout.decode().startswith("usage: echolens report")
