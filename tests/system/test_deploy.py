"""The deployment files agree with the Compose Specification, with each other and with what the service reads."""

from __future__ import annotations

import ast
import json
import re
from urllib.parse import urlsplit

import jsonschema
import yaml

from tests.conftest import ROOT

COMPOSE_SPEC = ROOT.parent / "shared" / "vocab" / "compose-spec.json"


COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


SERVICES = COMPOSE["services"]


NGINX_CONF = (ROOT / "deploy" / "nginx.conf").read_text()


API_PORT = 8000


def environment_names_read_by_the_service() -> set[str]:
    """Upper-case names passed to a call or used as a key in settings.py and cli.py: `env.get("PORT")`,
    `os.environ.get("WORKERS", "1")`, `env["PORT"]`, or a helper's `flag(env, "MIGRATE_ON_START")`."""
    names: set[str] = set()
    for module in ("settings.py", "cli.py"):
        for node in ast.walk(ast.parse((ROOT / "service" / module).read_text())):
            keys = node.args if isinstance(node, ast.Call) else [node.slice] if isinstance(node, ast.Subscript) else []
            names |= {
                key.value
                for key in keys
                if isinstance(key, ast.Constant)
                and isinstance(key.value, str)
                and re.fullmatch(r"[A-Z][A-Z0-9_]*", key.value)
            }
    return names


def with_defaults(value: str) -> str:
    """Compose interpolation as it happens when no variable is set: `${NAME:-default}` becomes `default`."""
    return re.sub(r"\$\{[A-Z_][A-Z0-9_]*:-([^}]*)\}", r"\1", value)


def dockerfile_stages() -> list[list[tuple[str, str]]]:
    """The Dockerfile's instructions (continuations joined, comments dropped), one list per FROM."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    stages: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        instruction, _, arguments = line.strip().partition(" ")
        if instruction.upper() == "FROM":
            stages.append([])
        stages[-1].append((instruction.upper(), arguments.strip()))
    return stages


def final_stage(instruction: str) -> list[str]:
    return [arguments for name, arguments in dockerfile_stages()[-1] if name == instruction]


def option(command: list[str], flag: str) -> str | None:
    return command[command.index(flag) + 1] if flag in command else None


def test_compose_file_is_valid_against_the_compose_specification():
    # Its "$schema" (https://json-schema.org/draft-07/schema) is not an id jsonschema knows: name the draft.
    schema = json.loads(COMPOSE_SPEC.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema).validate(COMPOSE)


def test_compose_runs_a_database_a_migration_the_api_and_a_proxy():
    assert set(SERVICES) == {"db", "migrate", "api", "proxy"}
    assert "pgdata" in COMPOSE["volumes"]
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]


def test_db_healthcheck_uses_pg_isready():
    assert "pg_isready" in " ".join(SERVICES["db"]["healthcheck"]["test"])


def test_migrate_runs_newsfacts_migrate_once_when_the_database_is_healthy():
    migrate = SERVICES["migrate"]
    assert migrate["command"] == ["newsfacts", "migrate"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}


def test_api_serves_with_newsfacts_serve_on_every_interface():
    command = SERVICES["api"]["command"]
    assert command[:2] == ["newsfacts", "serve"]
    assert option(command, "--host") == "0.0.0.0"
    assert int(option(command, "--workers") or 1) >= 2


def test_api_starts_after_the_database_is_healthy_and_migrated():
    assert SERVICES["api"]["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }


def test_api_runs_replicas_that_do_not_migrate():
    api = SERVICES["api"]
    assert api["deploy"]["replicas"] >= 2
    assert api["environment"]["MIGRATE_ON_START"] == "false"
    assert "container_name" not in api  # a fixed name allows one container only


def test_api_and_migrate_environments_name_only_variables_the_service_reads():
    read = environment_names_read_by_the_service()
    for name in ("api", "migrate"):
        assert set(SERVICES[name]["environment"]) <= read, name


def test_api_and_migrate_use_the_db_service_postgresql_database():
    db = {key: with_defaults(value) for key, value in SERVICES["db"]["environment"].items()}
    for name in ("api", "migrate"):
        url = urlsplit(with_defaults(SERVICES[name]["environment"]["DATABASE_URL"]))
        assert (url.scheme, url.hostname, url.port) == ("postgresql", "db", 5432), name
        assert (url.username, url.password, url.path) == (
            db["POSTGRES_USER"],
            db["POSTGRES_PASSWORD"],
            f"/{db['POSTGRES_DB']}",
        ), name


def test_api_healthcheck_asks_whether_the_database_is_ready():
    assert f"http://127.0.0.1:{API_PORT}/ready" in " ".join(SERVICES["api"]["healthcheck"]["test"])


def test_api_is_reached_through_the_proxy_only():
    assert "ports" not in SERVICES["api"]
    assert SERVICES["proxy"]["ports"] == ["8080:80"]
    assert with_defaults(SERVICES["api"]["environment"]["PUBLIC_URL"]) == "http://localhost:8080"
    assert SERVICES["proxy"]["depends_on"] == {"api": {"condition": "service_healthy"}}


def test_api_port_is_the_proxy_upstream_port_and_the_image_port():
    assert int(option(SERVICES["api"]["command"], "--port") or API_PORT) == API_PORT
    assert re.findall(r"^\s*server\s+api:(\d+)\b", NGINX_CONF, re.MULTILINE) == [str(API_PORT)]
    assert final_stage("EXPOSE") == [str(API_PORT)]
    assert f"PORT={API_PORT}" in " ".join(final_stage("ENV")).split()


def test_proxy_mounts_the_nginx_conf_and_forwards_the_client_headers():
    source = SERVICES["proxy"]["volumes"][0].split(":")[0]
    assert (ROOT / source).resolve() == ROOT / "deploy" / "nginx.conf"
    for header in ("Host", "X-Forwarded-For", "X-Forwarded-Proto"):
        assert re.search(rf"^\s*proxy_set_header\s+{header}\s", NGINX_CONF, re.MULTILINE), header


def test_dockerfile_final_stage_runs_newsfacts_serve_as_a_non_root_user():
    (user,) = final_stage("USER")
    assert user.split(":")[0] not in {"root", "0"}
    (cmd,) = final_stage("CMD")
    assert json.loads(cmd)[:2] == ["newsfacts", "serve"]
    (healthcheck,) = final_stage("HEALTHCHECK")
    assert f"http://127.0.0.1:{API_PORT}/health" in healthcheck
    assert "HOST=0.0.0.0" in " ".join(final_stage("ENV")).split()


def test_dockerfile_installs_exactly_the_locked_dependencies():
    build_steps = [arguments for name, arguments in dockerfile_stages()[0] if name == "RUN"]
    assert "uv sync --frozen --no-dev" in build_steps
    assert all("--frozen" in step for step in build_steps if "uv sync" in step)
    assert [stage[0][1].split()[0] for stage in dockerfile_stages()] == ["python:3.11-slim"] * 2
