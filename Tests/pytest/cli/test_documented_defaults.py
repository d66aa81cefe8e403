"""The thresholds a scan uses when no flag is given are the ones `Protocol/SCAN.md` and `Protocol/LSP.md` document.

The defaults live in one Swift value (`ScanParameters`) that the CLI and the server share; the documents are
written by hand. A default changed in the code and not in the documents (or the other way round) tells auditors the
wrong threshold, so the scan's own record of its parameters (`parameters` in `scan --format json`) is read back and
compared with both tables.
"""

from __future__ import annotations

import json
import re

from echolens_cli_support import PROTOCOL, run_echolens

# The parameters whose defaults both documents give, by their JSON name.
NUMERIC = ["minTokens", "minSimilarity", "maxEValue", "maxUncalibratedEValue", "maxPassagesPerDocument",
           "maxSeedDocuments"]


def table_rows(path, first_column: str):
    """The rows (lists of cells) of every Markdown table in `path` whose header starts with `first_column`."""
    rows, in_table = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            in_table = False
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells and cells[0].lower() == first_column:
            in_table = True
            continue
        if in_table and not set(cells[0]) <= set("-: "):
            rows.append(cells)
    return rows


def documented_defaults(path, first_column: str, name_column: int, default_column: int) -> dict[str, str]:
    defaults = {}
    for cells in table_rows(path, first_column):
        name = re.search(r"`([A-Za-z]+)`", cells[name_column])
        if name:
            defaults[name.group(1)] = cells[default_column]
    return defaults


def as_number(text: str) -> float:
    found = re.match(r"[0-9.eE+-]+", text.strip())
    assert found, f"no number in the documented default {text!r}"
    return float(found.group(0))


def test_a_scan_without_flags_uses_the_documented_defaults(workspace):
    scanned = run_echolens("scan", "--index", "ref.eli", "--format", "json", "chat.md", cwd=workspace)
    assert scanned.returncode == 1, scanned.stderr.decode()
    used = json.loads(scanned.stdout)["parameters"]

    # SCAN.md: | CLI flag | setting | default | meaning |
    scan_md = documented_defaults(PROTOCOL / "SCAN.md", "cli flag", 1, 2)
    # LSP.md: | key | type | default | meaning |
    lsp_md = documented_defaults(PROTOCOL / "LSP.md", "key", 0, 2)
    for name in NUMERIC:
        assert name in scan_md and name in lsp_md, f"{name} is missing from a defaults table"
        assert as_number(scan_md[name]) == used[name], f"SCAN.md says {name} {scan_md[name]}, a scan uses {used[name]}"
        assert as_number(lsp_md[name]) == used[name], f"LSP.md says {name} {lsp_md[name]}, a scan uses {used[name]}"
    documented_kinds = re.findall(r"[a-z-]+", scan_md["kinds"])
    assert sorted(documented_kinds) == sorted(used["kinds"])
