"""The peer: what a user would otherwise build — FastAPI + Pydantic v2 serving the same article.

The Pydantic models are derived from our msgspec model (so the peer validates and serialises exactly
the same fields), the article is validated once at start, and the handler is `async def` with a
response model: FastAPI's fastest idiomatic shape.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Literal, Optional

import msgspec
from fastapi import FastAPI, HTTPException
from msgspec import inspect as mi
from pydantic import BaseModel, create_model

from schemas import Article

_models: dict[type, type[BaseModel]] = {}


def _annotation(info: mi.Type) -> Any:
    if isinstance(info, mi.Metadata):
        return _annotation(info.type)
    if isinstance(info, mi.StructType):
        return model_of(info)
    if isinstance(info, mi.ListType):
        return list[_annotation(info.item_type)]  # type: ignore[misc]
    if isinstance(info, mi.UnionType):
        options = [_annotation(t) for t in info.types if not isinstance(t, mi.NoneType)]
        inner = options[0] if len(options) == 1 else Any
        return Optional[inner] if any(isinstance(t, mi.NoneType) for t in info.types) else inner  # noqa: UP045
    if isinstance(info, mi.LiteralType):
        return Literal[info.values]  # type: ignore[valid-type]
    simple = {
        mi.StrType: str,
        mi.IntType: int,
        mi.FloatType: float,
        mi.BoolType: bool,
        mi.DateType: dt.date,
        mi.DateTimeType: dt.datetime,
    }
    return simple.get(type(info), Any)


def model_of(info: mi.StructType) -> type[BaseModel]:
    if info.cls not in _models:
        fields: dict[str, Any] = {}
        for f in info.fields:
            default = ... if f.required else (f.default if f.default is not mi.NODEFAULT else None)
            fields[f.encode_name] = (_annotation(f.type), default)
        _models[info.cls] = create_model(info.cls.__name__, **fields)
    return _models[info.cls]


ArticleModel = model_of(mi.type_info(Article))  # type: ignore[arg-type]
DOCUMENT = Path(os.environ.get("BENCH_ARTICLE", "data/articles/isis-under-attack-northern-syria.json")).read_bytes()
ARTICLES = {a.id: a for a in [ArticleModel.model_validate(msgspec.json.decode(DOCUMENT))]}  # type: ignore[attr-defined]

app = FastAPI()


@app.get("/v1/articles/{article_id}", response_model=ArticleModel)
async def article(article_id: str) -> Any:
    found = ARTICLES.get(article_id)
    if found is None:
        raise HTTPException(404)
    return found


@app.get("/")
async def root() -> dict[str, str]:
    return {"status": "ok"}
