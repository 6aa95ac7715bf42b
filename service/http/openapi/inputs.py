"""A request body's schemas as the input gate reads them: strict, where responses stay open for tolerant readers."""

from __future__ import annotations

from typing import Any


def strict_inputs(components: dict[str, Any]) -> dict[str, Any]:
    """The components of a request body (schemas.ArticleInput and the input types it is made of, each named
    …Input) as the input gate reads them (schemas.v1.validation): no field the model does not define, no NUL
    in any string. Responses keep the open schemas, for tolerant readers."""

    def strict(schema: Any) -> Any:
        if isinstance(schema, list):
            return [strict(item) for item in schema]
        if not isinstance(schema, dict):
            return schema
        tightened = {key: strict(value) for key, value in schema.items()}
        if "properties" in tightened and "additionalProperties" not in tightened:
            tightened["additionalProperties"] = False
        types = tightened.get("type")
        if types == "string" or (isinstance(types, list) and "string" in types):
            tightened["not"] = {"pattern": "\\u0000"}
        return tightened

    return {name: strict(schema) for name, schema in components.items()}
