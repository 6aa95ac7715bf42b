"""`python -m schemas`: write the generated JSON Schemas to schemas/v1/jsonschema/ for review in git."""

from pathlib import Path

import schemas

target = Path(__file__).parent / schemas.API_VERSION / "jsonschema"
target.mkdir(exist_ok=True)
for name in schemas.TOP_LEVEL_TYPES:
    (target / f"{name}.json").write_bytes(schemas.json_schema_bytes(name))
    print(f"wrote {target / name}.json")
