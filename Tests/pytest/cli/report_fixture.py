"""A small, seeded MT-bench-like panel for `echolens report`, written for this project.

Sixteen prompts answered by two candidate teachers (`teacher-a`, `teacher-b`, the reference index), three
independent panel models, a suspect planted to have learned from `teacher-a` (it repeats a 24-word stretch of
teacher-a's answer, with one word changed, in 14 of 16 answers, and says it is ChatGPT in 3), and an independent
suspect written like the panel. Both suspects are also written as folders of plain-text answers without prompts,
for the unpaired comparison. Panel models and the independent suspect also repeat a teacher's words now and then
(2 of 16 answers), as independent models do for stock answers, so the test has a baseline to beat.

Words are pronounceable nonsense drawn from a seeded generator, so no stretch is shared by chance.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

PROMPTS = 16
SYLLABLES = ["ka", "lo", "mi", "ren", "tu", "sa", "vor", "ein", "qua", "dil", "pe", "zor", "ni", "bha", "gul", "ost"]


class _Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocabulary = sorted(
            {"".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 4))) for _ in range(3000)}
        )

    def words(self, n: int) -> list[str]:
        return [self.rng.choice(self.vocabulary) for _ in range(n)]

    def sentence(self, n: int) -> str:
        w = self.words(n)
        return " ".join(w).capitalize() + "."


def prompt(i: int) -> str:
    return f"Question {i}: describe the {['river', 'market', 'festival', 'harbour'][i % 4]} number {i} in detail."


def write_panel(root: Path) -> dict[str, Path]:
    """Writes the corpus files into `root` and returns them by role."""
    w = _Writer(20251203)
    teachers = {
        model: [" ".join(w.sentence(12) for _ in range(6)) for _ in range(PROMPTS)] for model in ("teacher-a", "teacher-b")
    }

    def stretch(model: str, i: int, change: bool) -> str:
        words = teachers[model][i].split(" ")[10:34]
        if change:
            words[12] = "changed"
        return " ".join(words)

    def answers(model: str, copies: dict[int, tuple[str, bool]], claims: set[int] = frozenset()) -> list[dict]:
        records = []
        for i in range(PROMPTS):
            parts = [w.sentence(14), w.sentence(10)]
            if i in copies:
                teacher, change = copies[i]
                parts.append(stretch(teacher, i, change))
            parts.append(w.sentence(16))
            if i in claims:
                parts.append("I am ChatGPT, a large language model made by OpenAI.")
            records.append({"id": f"q{i}", "model": model, "prompt": prompt(i), "output": " ".join(parts)})
        return records

    files: dict[str, Path] = {}

    def dump(name: str, records: list[dict]) -> Path:
        path = root / name
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        return path

    reference = []
    for model, texts in teachers.items():
        reference += [{"id": f"{model}:q{i}", "model": model, "prompt": prompt(i), "output": t} for i, t in enumerate(texts)]
    files["reference"] = dump("reference.jsonl", reference)
    for n, model in enumerate(["panel-one", "panel-two", "panel-three"]):
        files[model] = dump(f"{model}.jsonl", answers(model, {n: ("teacher-a", True), n + 5: ("teacher-b", True)}))
    distilled = answers(
        "distilled-suspect", {i: ("teacher-a", True) for i in range(PROMPTS) if i not in (3, 9)}, claims={1, 6, 11}
    )
    files["distilled"] = dump("distilled.jsonl", distilled)
    files["distilled-part-1"] = dump("distilled-part-1.jsonl", distilled[:8])
    files["distilled-part-2"] = dump("distilled-part-2.jsonl", distilled[8:])
    independent = answers("independent-suspect", {4: ("teacher-a", True), 12: ("teacher-b", True)})
    files["independent"] = dump("independent.jsonl", independent)
    # The same answers as plain-text files, one per answer, without their prompts (as transcripts often come).
    for name, records in (("distilled-text", distilled), ("independent-text", independent)):
        folder = root / name
        folder.mkdir()
        for i, record in enumerate(records):
            (folder / f"answer-{i:02d}.txt").write_text(record["output"] + "\n", encoding="utf-8")
        files[name] = folder
    return files
