"""`make eval`: draft every annotated article, score the drafts, print the tables and write eval/results/."""

from __future__ import annotations

from eval import report
from eval.run import ROOT, evaluate


def main() -> None:
    results = evaluate()
    print(report.tables(results), end="")
    for path in report.write(results):
        print(f"written: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
