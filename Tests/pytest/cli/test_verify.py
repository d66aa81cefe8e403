"""`echolens verify`, as an auditor runs it on evidence reports written by `scan --evidence`: a sound report passes
every check; a report changed after sealing (also one resealed by the Python recipe of Protocol/EVIDENCE.md with a
field the schema lacks), another transcript, another index or calibration, and a reproduce command that no longer
finds the passages each fail the check at fault, and the checks that depend on it are skipped. Files that moved are
found again with the path options. What is not a report gets one line and status 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import CORPUS, TRANSCRIPT
from echolens_cli_support import PROTOCOL, canonical_digest, load_json, run_echolens
from report_fixture import write_panel


def make_workspace(root: Path) -> Path:
    """A workspace of its own (the tests change and move files): `ref.eli`, `chat.md` and its evidence report."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in CORPUS), encoding="utf-8")
    assert run_echolens("index", "build", "corpus.jsonl", "-o", "ref.eli", cwd=root).returncode == 0
    (root / "chat.md").write_text(TRANSCRIPT, encoding="utf-8")
    done = run_echolens("scan", "--index", "ref.eli", "--evidence", "ev", "chat.md", cwd=root)
    assert done.returncode == 1, done.stderr.decode()
    return root


def the_report(root: Path) -> Path:
    (path,) = sorted((root / "ev").glob("*.json"))
    return path


def verify(root: Path, *args: str) -> tuple[int, list[str], str]:
    done = run_echolens("verify", *args, cwd=root)
    return done.returncode, done.stdout.decode().splitlines(), done.stderr.decode()


def outcomes(lines: list[str]) -> dict[str, str]:
    """Check subject -> outcome word, from the indented check lines."""
    found = {}
    for line in lines:
        if line.startswith("  "):
            word, rest = line.strip().split(None, 1)
            found[rest.split(":", 1)[0]] = word
    return found


def reseal(report: dict) -> dict:
    """What anyone can do: edit a report and compute its digest again with the documented recipe."""
    report["reportDigest"] = canonical_digest(report)
    return report


def write(path: Path, report: dict) -> None:
    path.write_text(json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def test_a_sound_report_passes_every_check(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    status, lines, err = verify(root, str(the_report(root).relative_to(root)))
    assert status == 0, "\n".join(lines) + err
    assert err == ""
    assert outcomes(lines) == {"report": "ok", "transcript": "ok", "indexes": "ok", "rescan": "ok"}
    assert lines[-1] == "verified: every check passed"
    report = load_json(the_report(root))
    count = len(report["passages"])
    assert count >= 1
    assert any("found again, identical" in line and f"{count} recorded passage" in line for line in lines)
    # Reformatting the file (other indentation, ASCII escapes) changes no content: still verified.
    copy = root / "reformatted.json"
    copy.write_text(json.dumps(report, ensure_ascii=True), encoding="utf-8")
    status, lines, _ = verify(root, "reformatted.json")
    assert status == 0, "\n".join(lines)


def test_a_report_changed_after_sealing_fails_its_digest(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    report = load_json(the_report(root))
    report["passages"][0]["best"]["bits"] += 10
    write(root / "edited.json", report)
    status, lines, err = verify(root, "edited.json")
    assert status == 1 and err == ""
    assert outcomes(lines)["report"] == "FAILED"
    assert any("changed after it was sealed" in line for line in lines)
    assert lines[-1] == "not verified: a check failed"


def test_a_field_added_and_resealed_is_not_covered(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    report = load_json(the_report(root))
    report["verdict"] = "guilty"
    write(root / "added.json", reseal(report))
    # The documented Python recipe accepts it: the digest is over the file's own JSON.
    assert canonical_digest(load_json(root / "added.json")) == load_json(root / "added.json")["reportDigest"]
    status, lines, _ = verify(root, "added.json")
    assert status == 1
    assert outcomes(lines)["report"] == "FAILED"
    assert any("`verdict`" in line and "does not have" in line for line in lines)


def test_another_transcript_fails_and_skips_the_rescan(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    with (root / "chat.md").open("ab") as f:
        f.write(b"One more line.\n")
    status, lines, _ = verify(root, str(the_report(root)))
    assert status == 1
    assert outcomes(lines) == {"report": "ok", "transcript": "FAILED", "indexes": "ok", "rescan": "skipped"}
    assert any("chat.md has SHA-256" in line and "the report records" in line for line in lines)


def test_another_index_at_the_recorded_path_fails_its_identity(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    changed = [dict(r) for r in CORPUS]
    changed[1]["output"] += " Honey keeps for years."
    (root / "changed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in changed), encoding="utf-8")
    assert run_echolens("index", "build", "changed.jsonl", "-o", "ref.eli", cwd=root).returncode == 0
    status, lines, _ = verify(root, str(the_report(root)))
    assert status == 1
    assert outcomes(lines) == {"report": "ok", "transcript": "ok", "indexes": "FAILED", "rescan": "skipped"}
    assert any("the reference shards have identities" in line for line in lines)


def test_a_reproduce_command_that_finds_nothing_fails_the_rescan(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    report = load_json(the_report(root))
    arguments = report["reproduce"]["arguments"]
    arguments[arguments.index("--min-tokens") + 1] = "400"
    write(root / "strict.json", reseal(report))
    status, lines, _ = verify(root, "strict.json")
    assert status == 1
    assert outcomes(lines) == {"report": "ok", "transcript": "ok", "indexes": "ok", "rescan": "FAILED"}
    first = report["passages"][0]["id"]
    assert any(f"passage {first}" in line and "not found again" in line for line in lines)


def test_moved_files_are_found_with_the_path_options(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    moved = tmp_path / "elsewhere"
    shutil.move(str(root), str(moved))
    report = str(the_report(moved))
    status, lines, _ = verify(moved, report)
    assert status == 1
    assert outcomes(lines) == {"report": "ok", "transcript": "FAILED", "indexes": "FAILED", "rescan": "skipped"}
    assert any("cannot read" in line and "chat.md" in line for line in lines)
    status, lines, _ = verify(moved, "--transcript", "chat.md", "--index", "ref.eli", report)
    assert status == 0, "\n".join(lines)
    assert outcomes(lines) == {"report": "ok", "transcript": "ok", "indexes": "ok", "rescan": "ok"}


def test_no_rescan_skips_only_the_rescan(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    status, lines, _ = verify(root, "--no-rescan", str(the_report(root)))
    assert status == 0
    assert outcomes(lines) == {"report": "ok", "transcript": "ok", "indexes": "ok", "rescan": "skipped"}


def test_a_calibrated_report_checks_its_calibration(tmp_path: Path) -> None:
    root = tmp_path / "cal"
    root.mkdir()
    write_panel(root)
    built = run_echolens("index", "build", "reference.jsonl", "-o", "ref.eli", cwd=root)
    assert built.returncode == 0, built.stderr.decode()
    panel = ["panel-one.jsonl", "panel-two.jsonl", "panel-three.jsonl"]
    built = run_echolens("index", "build", *panel, "-o", "panel.eli", cwd=root)
    assert built.returncode == 0, built.stderr.decode()
    cal = run_echolens("calibrate", "--index", "ref.eli", "--background", "panel.eli", "-o", "cal.json", cwd=root)
    assert cal.returncode == 0, cal.stderr.decode()
    scan = run_echolens(
        "scan", "--index", "ref.eli", "--background", "panel.eli", "--calibration", "cal.json", "--max-evalue", "1",
        "--evidence", "ev", "distilled.jsonl", cwd=root)
    assert scan.returncode == 1, scan.stderr.decode()
    report = the_report(root)
    sealed = load_json(report)
    assert "calibration" in sealed
    # A real calibrated report validates against the schema, and each echo records that the panel answered its
    # transcript's prompt (the panel here answers the reference's prompts).
    schema = load_json(PROTOCOL / "evidence.schema.json")
    assert [e.message for e in Draft202012Validator(schema).iter_errors(sealed)] == []
    # The calibration's self-check on its own panel travels with it, in the JSON and in words in the Markdown.
    check = sealed["calibration"]["selfCheck"]
    assert sorted(sum(check["halves"], [])) == sorted(sealed["calibration"]["nullModels"])
    assert [row["threshold"] for row in check["bare"]] == [0.001, 0.01, 0.1]
    markdown = report.with_suffix(".md").read_text(encoding="utf-8")
    assert "Its fit was checked on the panel itself" in markdown
    echoes = [p for p in sealed["passages"] if p["kind"] == "echo"]
    assert echoes
    assert all(p["best"]["significance"]["panelAnsweredPrompt"] is True for p in echoes)
    status, lines, _ = verify(root, str(report))
    assert status == 0, "\n".join(lines)
    assert any("the calibration's SHA-256 as recorded" in line for line in lines)
    # Another calibration of the same indexes (fewer null models) opens, but is not the one recorded.
    again = run_echolens(
        "calibrate", "--index", "ref.eli", "--background", "panel.eli", "--models", "panel-one,panel-two", "-o", "cal.json", cwd=root)
    assert again.returncode == 0, again.stderr.decode()
    status, lines, _ = verify(root, str(report))
    assert status == 1
    assert outcomes(lines)["indexes"] == "FAILED"
    assert any("calibration" in line and "the report records" in line for line in lines)


@pytest.mark.parametrize(
    "content, reason",
    [
        (b'{"hello": 1}', "not an echolens evidence report (missing "),
        (b"not json at all", "not an echolens evidence report"),
    ],
)
def test_what_is_not_a_report_gets_one_line(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "x.json").write_bytes(content)
    status, lines, err = verify(tmp_path, "x.json")
    assert status == 2 and lines == []
    assert err.count("\n") == 1 and err.startswith("echolens: error: x.json: ") and reason in err


def test_usage_errors(tmp_path: Path) -> None:
    status, _, err = verify(tmp_path)
    assert status == 2 and "verify needs at least one REPORT.json" in err
    status, _, err = verify(tmp_path, "--transcript", "a.md", "one.json", "two.json")
    assert status == 2 and "--transcript names the transcript of one report" in err
    status, _, err = verify(tmp_path, "missing.json")
    assert status == 2 and err.startswith("echolens: error: missing.json: cannot read") and err.count("\n") == 1


def test_scores_inflated_and_resealed_fail_the_rescan(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    report = load_json(the_report(root))
    report["passages"][0]["best"]["eValue"] = 1e-40
    write(root / "inflated.json", reseal(report))
    status, lines, _ = verify(root, "inflated.json")
    assert status == 1
    assert outcomes(lines) == {"report": "ok", "transcript": "ok", "indexes": "ok", "rescan": "FAILED"}
    first = report["passages"][0]["id"]
    assert any(f"passage {first} is found again with another E-value" in line for line in lines)


def test_offsets_out_of_order_or_range_fail_without_a_crash(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    for name, start, end in (("backwards.json", 40, 10), ("beyond.json", 0, 10**9), ("negative.json", -5, 3)):
        report = load_json(the_report(root))
        report["passages"][0]["range"]["utf8Start"] = start
        report["passages"][0]["range"]["utf8End"] = end
        write(root / name, reseal(report))
        status, lines, err = verify(root, name)
        assert status == 1, err
        assert outcomes(lines)["transcript"] == "FAILED"
        assert any(f"bytes {start}..<{end} do not hash" in line for line in lines)


def test_a_reproduce_command_that_is_no_scan_fails_the_index_check(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    report = load_json(the_report(root))
    report["reproduce"]["arguments"] = ["echolens", "serve"]
    write(root / "serve.json", reseal(report))
    status, lines, err = verify(root, "serve.json")
    assert status == 1 and err == ""
    assert outcomes(lines) == {"report": "ok", "transcript": "ok", "indexes": "FAILED", "rescan": "skipped"}
    assert any("not an `echolens scan` command" in line for line in lines)
