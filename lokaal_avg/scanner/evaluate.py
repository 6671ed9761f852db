"""Precision and recall of the field classifier on a labelled corpus of form pages.

Usage: ``python -m lokaal_avg.scanner.evaluate tests/scanning/corpus [-v]``

The corpus folder holds ``*.html`` pages and ``labels.json``: file name → list of
``{"form": index, "field": name or id, "category": category or null}``. A field counts as a
true positive when the predicted category equals the label; a wrong category is both a false
positive (for the predicted one) and a false negative (for the expected one).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lokaal_avg.scanner.classify import classify_field
from lokaal_avg.scanner.html_forms import FormField, extract_forms, parse_html


@dataclass
class Outcome:
    file: str
    form: int
    field: str
    expected: str | None
    predicted: str | None
    kind: str = ""
    method: str = ""


@dataclass
class Evaluation:
    outcomes: list[Outcome] = field(default_factory=list)
    missing_labels: list[str] = field(default_factory=list)  # fields in a page without a label
    unknown_labels: list[str] = field(default_factory=list)  # labels naming no field

    def counts(self) -> tuple[Counter[str], Counter[str], Counter[str]]:
        true_pos: Counter[str] = Counter()
        predicted: Counter[str] = Counter()
        expected: Counter[str] = Counter()
        for o in self.outcomes:
            if o.predicted:
                predicted[o.predicted] += 1
            if o.expected:
                expected[o.expected] += 1
            if o.predicted and o.predicted == o.expected:
                true_pos[o.predicted] += 1
        return true_pos, predicted, expected

    @property
    def precision(self) -> float:
        true_pos, predicted, _ = self.counts()
        return _ratio(sum(true_pos.values()), sum(predicted.values()))

    @property
    def recall(self) -> float:
        true_pos, _, expected = self.counts()
        return _ratio(sum(true_pos.values()), sum(expected.values()))

    @property
    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.expected != o.predicted]


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def page_fields(html: bytes) -> dict[tuple[int, str], FormField]:
    """(form index, field key) → field, for every field the scanner extracts from a page."""
    root = parse_html(html)
    if root is None:
        return {}
    page = extract_forms(root, "https://corpus.invalid/", max_forms=1000, max_fields=100_000)
    return {(form.index, f.key): f for form in page.forms for f in form.fields}


def evaluate(corpus: Path) -> Evaluation:
    """Classify every labelled field of the corpus and compare with its label."""
    labels: dict[str, list[dict]] = json.loads((corpus / "labels.json").read_text("utf-8"))
    result = Evaluation()
    for name, entries in sorted(labels.items()):
        fields = page_fields((corpus / name).read_bytes())
        labelled = set()
        for entry in entries:
            key = (entry["form"], entry["field"])
            labelled.add(key)
            if key not in fields:
                result.unknown_labels.append(f"{name} form {key[0]} field {key[1]}")
                continue
            classification = classify_field(fields[key])
            result.outcomes.append(
                Outcome(
                    name,
                    key[0],
                    key[1],
                    entry["category"],
                    classification.category,
                    classification.kind,
                    classification.method,
                )
            )
        result.missing_labels += [f"{name} form {k[0]} field {k[1]}" for k in fields if k not in labelled]
    return result


def format_table(evaluation: Evaluation) -> str:
    true_pos, predicted, expected = evaluation.counts()
    lines = [f"{'category':<28}{'support':>8}{'predicted':>10}{'precision':>10}{'recall':>8}"]
    for category in sorted(set(predicted) | set(expected)):
        lines.append(
            f"{category:<28}{expected[category]:>8}{predicted[category]:>10}"
            f"{_ratio(true_pos[category], predicted[category]):>10.3f}"
            f"{_ratio(true_pos[category], expected[category]):>8.3f}"
        )
    not_personal = sum(1 for o in evaluation.outcomes if o.expected is None)
    lines.append(f"{'(not personal data)':<28}{not_personal:>8}")
    lines.append(
        f"{'overall (micro)':<28}{sum(expected.values()):>8}{sum(predicted.values()):>10}"
        f"{evaluation.precision:>10.3f}{evaluation.recall:>8.3f}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every misclassified field")
    args = parser.parse_args(argv)
    evaluation = evaluate(args.corpus)
    print(format_table(evaluation))
    print(f"\n{len(evaluation.outcomes)} labelled fields in {len({o.file for o in evaluation.outcomes})} pages")
    for problem in evaluation.missing_labels:
        print(f"unlabelled: {problem}")
    for problem in evaluation.unknown_labels:
        print(f"label without field: {problem}")
    if args.verbose:
        for o in evaluation.errors:
            print(f"{o.file} [{o.form}] {o.field}: expected {o.expected}, got {o.predicted} ({o.kind}, {o.method})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
