"""How good drafts are: `make eval` drafts annotated articles and scores the drafts against the annotations.

articles/    articles written and annotated to measure the drafts (never read to write a rule)
matching.py  how a proposed fact is matched to an annotated one, and counted
run.py       drafting each article (and the bundled one, its own facts unknown), timing the engine
report.py    results/latest.json and latest.md (the tables docs/drafts.md shows)
"""
