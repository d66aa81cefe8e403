#!/usr/bin/env python3
"""Runs copydetect on the planted transcripts that echolens-bench wrote, and prints its time and recall as JSON.

Usage: copydetect_compare.py MANIFEST.json

The manifest (written by the benchmark's copydetect section) names the answers folder, the references folder and,
per answer, its reference file, edit level and the planted UTF-8 byte range. A plant counts as found by copydetect
under the same rule as for echolens: the copied slices that copydetect reports between the answer and the right
reference cover at least 80% of the planted range. The file-level verdict (pair similarity above copydetect's
display threshold) is reported beside it.

Filtering is disabled: copydetect's filter is for source code (it renames identifiers), and for a `.txt` file its
lexer yields only plain-text tokens, which the filter drops, so with filtering on every prose file is empty and
nothing is ever found. Unfiltered, copydetect winnows raw character 25-grams, its documented default noise threshold.
"""
import json
import sys
import time

from copydetect import CopyDetector


def main():
    manifest = json.load(open(sys.argv[1], encoding="utf-8"))
    started = time.perf_counter()
    detector = CopyDetector(
        test_dirs=[manifest["answers"]], ref_dirs=[manifest["references"]], extensions=["txt"],
        display_t=manifest.get("display_t", 0.33), disable_filtering=True, autoopen=False, silent=True)
    detector.run()
    seconds = time.perf_counter() - started
    test_index = {f: i for i, f in enumerate(detector.test_files)}
    ref_index = {f: j for j, f in enumerate(detector.ref_files)}
    levels = {}
    for plant in manifest["plants"]:
        level = levels.setdefault(str(plant["level"]), {"total": 0, "found": 0, "flagged": 0})
        level["total"] += 1
        answer = manifest["answers"] + "/" + plant["answer"]
        reference = manifest["references"] + "/" + plant["reference"]
        raw = open(answer, "rb").read()
        start = len(raw[: plant["start"]].decode("utf-8", "replace"))
        end = len(raw[: plant["end"]].decode("utf-8", "replace"))
        i, j = test_index.get(answer), ref_index.get(reference)
        if i is None or j is None:
            continue
        if detector.similarity_matrix[i, j, 0] > detector.conf.display_t:
            level["flagged"] += 1
        slices = detector.slice_matrix.get((answer, reference))
        if slices is None:
            continue
        covered = 0
        test_slices = slices[0]
        for k in range(test_slices.shape[1]):
            lo, hi = int(test_slices[0, k]), int(test_slices[1, k])
            covered += max(0, min(hi, end) - max(lo, start))
        if end > start and covered >= 0.8 * (end - start):
            level["found"] += 1
    json.dump({"seconds": seconds, "levels": levels, "answers": len(detector.test_files),
               "references": len(detector.ref_files)}, sys.stdout)


if __name__ == "__main__":
    main()
