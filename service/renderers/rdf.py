"""RDF: the graph of our schema.org JSON-LD, which turtle.py and ntriples.py serialise.

The graph is not built a second time: rdflib reads the very document jsonld.py writes, with schema.org's
context shipped beside this module (the service has no network). That file is schema.org's own context less
the entries its `@vocab` already implies, so it expands every term as the full one does, coercions included
(`url` and `sameAs` to IRIs, dates to `schema:Date`); `offline_context` is the rule that cuts it. IRIs are
`http://schema.org/…`, as that context's `@vocab` has them. A streamed export goes a thousand records at a time.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import rdflib
from rdflib.plugins.parsers.jsonld import to_rdf

from service.records import batched
from service.renderers import jsonld
from service.renderers.base import Resource

CONTEXT_FILE = Path(__file__).with_name("schemaorg-context.jsonld")
"""schema.org 30.0's JSON-LD context (CC BY-SA 3.0), cut by `offline_context`."""
SCHEMA = "http://schema.org/"
BATCH = 1_000


def offline_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """The entries of a schema.org context that its @vocab does not imply: prefixes, aliases and coercions."""
    return {term: definition for term, definition in context.items() if definition != {"@id": f"schema:{term}"}}


@cache
def _context() -> dict[str, Any]:
    context: dict[str, Any] = json.loads(CONTEXT_FILE.read_bytes())["@context"]
    return context


def graph(document: Mapping[str, Any]) -> rdflib.Graph:
    """The RDF graph of one of our JSON-LD documents, read with the shipped context in place of schema.org's."""
    assert document["@context"] == jsonld.CONTEXT
    parsed = rdflib.Graph(bind_namespaces="none")
    to_rdf({**document, "@context": _context()}, parsed)  # (Graph.parse would warn: it makes a ConjunctiveGraph)
    parsed.bind("schema", SCHEMA)
    return parsed


def graphs(resource: Resource) -> Iterator[rdflib.Graph]:
    """The resource's graph: whole, or for a streamed export one graph a batch of records (their union)."""
    if not resource.streamed:
        yield graph(jsonld.graph(resource))
        return
    for records in batched(resource.records, BATCH):
        yield graph(jsonld.graph(dataclasses.replace(resource, records=records)))
