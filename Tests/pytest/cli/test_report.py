"""`echolens report` as a user runs it, on a seeded panel written for this project (report_fixture.py):
a planted distilled suspect is caught and its teacher named, an independent suspect is not, a report merged from
partitioned `scan --format json` runs equals one run, bad inputs fail with one line, the JSON follows
Protocol/report.schema.json, and the HTML report renders in a real headless Chromium."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import jsonschema
import pytest

from echolens_cli_support import PROTOCOL, load_json, run_echolens
from report_fixture import write_panel

REPORT_SCAN_FLAGS = [
    "--min-tokens", "10", "--min-similarity", "0.6", "--max-evalue", "1", "--max-uncalibrated-evalue", "1",
    "--kinds", "echo,common-text,self-identification",
]


@pytest.fixture(scope="module")
def panel(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("report")
    write_panel(root)
    built = run_echolens("index", "build", "reference.jsonl", "-o", "ref.eli", cwd=root)
    assert built.returncode == 0, built.stderr.decode()
    return root


PANEL_ARGS = ["--panel", "panel-one.jsonl", "--panel", "panel-two.jsonl", "--panel", "panel-three.jsonl"]


def report(root: Path, *args: str) -> subprocess.CompletedProcess:
    return run_echolens("report", *args, cwd=root)


def report_json(root: Path, *args: str) -> tuple[int, dict]:
    done = report(root, "--format", "json", *args)
    assert done.returncode in (0, 1), done.stderr.decode()
    return done.returncode, json.loads(done.stdout)


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = load_json(PROTOCOL / name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_planted_distilled_suspect_names_its_teacher(panel: Path) -> None:
    status, doc = report_json(panel, "--index", "ref.eli", *PANEL_ARGS, "distilled.jsonl")
    assert status == 1
    result = doc["result"]
    assert result["verdict"]["outcome"] == "evidence"
    assert result["verdict"]["teacher"] == "teacher-a"
    assert result["suspectName"] == "distilled-suspect"
    assert result["pairedPrompts"] == 16
    by_name = {c["candidate"]: c for c in result["candidates"]}
    a, b = by_name["teacher-a"], by_name["teacher-b"]
    # 14 of 16 answers copy teacher-a, every panel answer set copies it twice: 14 positive differences of 14,
    # exact one-sided p = 2^-14, doubled by Holm over two candidates.
    assert a["test"]["exact"] and a["test"]["nonZeroCount"] == 14
    assert a["adjustedPValue"] == pytest.approx(2 * 2**-14)
    assert a["supported"] and a["exceedsEveryPanelModel"]
    assert a["suspect"]["passagesPer100Answers"] == pytest.approx(100 * 14 / 16)
    assert [p["passagesPer100Answers"] for p in a["panel"]] == [pytest.approx(100 * 1 / 16)] * 3
    assert a["rateRatio"] == pytest.approx(14.0)
    assert a["rateRatioLow"] > 1
    assert not b["supported"] and b["adjustedPValue"] == 1
    assert "teacher-a at 14× the rate of independent models" in result["verdict"]["sentence"]
    claims = result["selfIdentification"]
    assert claims[0]["claimedModel"] == "ChatGPT" and claims[0]["suspectAnswers"] == 3 and claims[0]["panelAnswers"] == 0
    # Strongest examples: echoes of the named teacher, strongest first, each with its location and evidence record.
    examples = doc["examples"]
    assert len(examples) == 5
    bits = [e["passage"]["best"]["bits"] for e in examples]
    assert bits == sorted(bits, reverse=True)
    for e in examples:
        assert e["passage"]["best"]["model"] == "teacher-a"
        line = int(e["location"].split(":")[1])
        record = json.loads((panel / "distilled.jsonl").read_text().splitlines()[line - 1])
        assert e["passage"]["text"] in record["output"]
    assert [] == [err.message for err in validator("report.schema.json").iter_errors(doc)]


def test_independent_suspect_gets_no_evidence_and_no_teacher_named(panel: Path) -> None:
    status, doc = report_json(panel, "--index", "ref.eli", *PANEL_ARGS, "independent.jsonl")
    assert status == 0
    verdict = doc["result"]["verdict"]
    assert verdict["outcome"] == "no-evidence"
    assert "teacher" not in verdict
    assert verdict["sentence"].startswith("No evidence that independent-suspect learned from any of the 2 candidate")
    assert "teacher-a" not in verdict["sentence"] and "teacher-b" not in verdict["sentence"]
    assert doc["examples"] == []
    assert all(not c["supported"] for c in doc["result"]["candidates"])
    assert [] == [err.message for err in validator("report.schema.json").iter_errors(doc)]
    text = report(panel, "--index", "ref.eli", *PANEL_ARGS, "independent.jsonl")
    assert text.returncode == 0
    assert text.stdout.decode().startswith("verdict: No evidence that independent-suspect learned")


def test_plain_text_suspect_without_prompts_is_compared_unpaired(panel: Path) -> None:
    """Plain-text answers carry no prompt, so nothing pairs: the answers are compared with a rank-sum test."""
    status, doc = report_json(
        panel, "--index", "ref.eli", *PANEL_ARGS, "--suspect-name", "text-suspect", "distilled-text")
    assert status == 1
    result = doc["result"]
    assert result["design"] == "unpaired" and result["pairedPrompts"] == 0 and result["suspectAnswers"] == 16
    a = {c["candidate"]: c for c in result["candidates"]}["teacher-a"]
    assert "test" not in a
    assert a["rankSum"]["suspectAnswers"] == 16 and a["rankSum"]["panelAnswers"] == 48
    # 14 of 16 suspect answers against 1 of 16 per panel model: U = 16·48/2 + (14·45 − 2·3)/2, far in the tail.
    assert a["rankSum"]["uStatistic"] == pytest.approx(16 * 48 / 2 + (14 * 45 - 2 * 3) / 2)
    assert a["adjustedPValue"] < 1e-6 and a["supported"]
    assert a["rateRatio"] == pytest.approx(14.0)
    assert result["verdict"]["teacher"] == "teacher-a"
    assert "unpaired" in result["verdict"]["sentence"]
    assert [] == [err.message for err in validator("report.schema.json").iter_errors(doc)]
    text = report(panel, "--index", "ref.eli", *PANEL_ARGS, "--suspect-name", "text-suspect", "distilled-text")
    assert "Wilcoxon–Mann–Whitney rank-sum" in text.stdout.decode()

    status, doc = report_json(
        panel, "--index", "ref.eli", *PANEL_ARGS, "--suspect-name", "plain-independent", "independent-text")
    assert status == 0
    assert doc["result"]["design"] == "unpaired"
    assert doc["result"]["verdict"]["outcome"] == "no-evidence" and "teacher" not in doc["result"]["verdict"]


def test_merged_partitions_equal_one_run(panel: Path) -> None:
    """Each part and each panel model scanned by its own `scan --format json` job, as a batch array would."""
    jobs = ["distilled-part-1", "distilled-part-2", "panel-one", "panel-two", "panel-three"]
    scans = validator("scan.schema.json")
    for job in jobs:
        done = run_echolens("scan", "--index", "ref.eli", "--format", "json", *REPORT_SCAN_FLAGS, f"{job}.jsonl", cwd=panel)
        assert done.returncode in (0, 1), done.stderr.decode()
        (panel / f"{job}.json").write_bytes(done.stdout)
        scan = json.loads(done.stdout)
        assert [] == [err.message for err in scans.iter_errors(scan)]
        assert [a["record"] for a in scan["files"][0]["answers"]] == list(range(1, len(scan["files"][0]["answers"]) + 1))
    _, merged = report_json(
        panel, "--panel", "panel-one.json", "--panel", "panel-two.json", "--panel", "panel-three.json",
        "distilled-part-1.json", "distilled-part-2.json")
    _, direct = report_json(
        panel, "--index", "ref.eli", *PANEL_ARGS, "distilled-part-1.jsonl", "distilled-part-2.jsonl")
    _, whole = report_json(panel, "--index", "ref.eli", *PANEL_ARGS, "distilled.jsonl")
    assert merged["result"] == direct["result"] == whole["result"]
    assert merged["examples"] == direct["examples"]
    assert merged["scanParameters"] == direct["scanParameters"]
    assert [s["kind"] for s in merged["suspectInputs"]] == ["scan", "scan"]
    assert [s["kind"] for s in direct["suspectInputs"]] == ["transcript", "transcript"]


def test_bad_inputs_fail_with_one_line(panel: Path) -> None:
    other = run_echolens("scan", "--index", "ref.eli", "--format", "json", "panel-one.jsonl", cwd=panel)
    (panel / "default-flags.json").write_bytes(other.stdout)
    mixed = report(panel, "--panel", "default-flags.json", "--panel", "panel-two.json", "distilled-part-1.json")
    assert mixed.returncode == 2
    lines = mixed.stderr.decode().splitlines()
    assert len(lines) == 1 and "scanned with other parameters" in lines[0]
    assert report(panel, "--index", "ref.eli", "distilled.jsonl").stderr.decode().startswith(
        "echolens: error: usage error: report needs --panel PATH")
    missing = report(panel, "--index", "ref.eli", *PANEL_ARGS, "nowhere.jsonl")
    assert missing.returncode == 2
    assert missing.stderr.decode().splitlines() == ["echolens: error: nowhere.jsonl: error: cannot read: no such file"]
    (panel / "broken.json").write_text('{"schemaVersion": 1, "tool": {"name": "echolens"}, "files": [{}]}')
    broken = report(panel, *PANEL_ARGS, "--index", "ref.eli", "broken.json")
    assert broken.returncode == 2
    assert broken.stderr.decode().startswith("echolens: error: broken.json: not a scan --format json document: missing")


def png_size_and_colours(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct pixel colours of an 8-bit RGB(A) PNG, read without our code."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels + 1
    colours = set()
    for row in range(0, height, 7):
        line = raw[row * stride + 1:(row + 1) * stride]  # filtered bytes: enough to tell a blank page from a drawn one
        colours.update(line[i:i + channels] for i in range(0, len(line), channels * 5))
    return width, height, len(colours)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium not found: Tests/run-all.sh installs it with apt-get install chromium")


def test_html_report_renders_in_headless_chromium(panel: Path, tmp_path: Path) -> None:
    done = report(panel, "--index", "ref.eli", *PANEL_ARGS, "--format", "html", "--output", "report.html", "distilled.jsonl")
    assert done.returncode == 1, done.stderr.decode()
    assert done.stdout == b""
    html = (panel / "report.html").read_text(encoding="utf-8")
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    assert "<script" not in html and "<link" not in html
    browser = chromium()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--user-data-dir={tmp_path}/profile"]
    dom = subprocess.run([browser, *flags, "--dump-dom", (panel / "report.html").as_uri()], capture_output=True, timeout=120)
    assert dom.returncode == 0, dom.stderr.decode()[-2000:]
    rendered = dom.stdout.decode()
    assert 'id="verdict"' in rendered and "teacher-a at 14× the rate of independent models" in rendered
    assert rendered.count('class="suspect-bar"') == 2 and rendered.count('class="panel-dot"') == 6
    assert rendered.count('class="example"') == 5 and "<del>" in rendered and "<ins>changed</ins>" in rendered
    shot = tmp_path / "report.png"
    taken = subprocess.run(
        [browser, *flags, "--window-size=1100,1600", f"--screenshot={shot}", (panel / "report.html").as_uri()],
        capture_output=True, timeout=120)
    assert taken.returncode == 0 and shot.is_file(), taken.stderr.decode()[-2000:]
    width, height, colours = png_size_and_colours(shot.read_bytes())
    assert (width, height) == (1100, 1600)
    assert colours > 20  # text, the red bar, blue dots: not a blank or error page
    pdf = tmp_path / "report.pdf"
    printed = subprocess.run([browser, *flags, f"--print-to-pdf={pdf}", (panel / "report.html").as_uri()], capture_output=True, timeout=120)
    assert printed.returncode == 0 and pdf.read_bytes()[:5] == b"%PDF-"


def test_report_schema_shares_the_scan_schema_definitions() -> None:
    """Passages, parameters and index records are the scan output's own records; the schemas must agree."""
    report_defs = load_json(PROTOCOL / "report.schema.json")["$defs"]
    scan_defs = load_json(PROTOCOL / "scan.schema.json")["$defs"]
    shared = ["tool", "byteRange", "filePosition", "range", "span", "match", "selfIdentification", "passage",
              "parameters", "buildMetadata", "indexIdentity"]
    for name in shared:
        assert report_defs[name] == scan_defs[name], name
