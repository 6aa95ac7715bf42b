"""A request body's schemas as the input gate reads them: strict, where responses stay open for tolerant readers."""

from __future__ import annotations

from typing import Any

INPUT = "Input"
"""The suffix of a request body's component: ArticleInput is Article as a write accepts it."""


def strict_inputs(components: dict[str, Any]) -> dict[str, Any]:
    """The components of a request body as the input gate reads them (schemas.v1.validation): no field the
    model does not define, no NUL in any string. Responses keep the open schemas, for tolerant readers."""

    def strict(schema: Any) -> Any:
        if isinstance(schema, list):
            return [strict(item) for item in schema]
        if not isinstance(schema, dict):
            return schema
        tightened = {key: strict(value) for key, value in schema.items()}
        if "$ref" in tightened:
            tightened["$ref"] += INPUT
        if "properties" in tightened and "additionalProperties" not in tightened:
            tightened["additionalProperties"] = False
        types = tightened.get("type")
        if types == "string" or (isinstance(types, list) and "string" in types):
            tightened["not"] = {"pattern": "\\u0000"}
        return tightened

    return {f"{name}{INPUT}": strict(schema) for name, schema in components.items()}
