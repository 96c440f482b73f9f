#!/usr/bin/env python3
"""Extract every JSON example of the Channels API documentation into test data.

Reads ``channels-api.txt`` and ``endpoints.tsv`` from the spec directory (by default the
repository's sibling ``../shared/spec``; pass another as the first argument) and writes, under
``tests/channels_api/data/``:

- ``endpoints.tsv``: a byte-for-byte copy of the operations table;
- ``examples.json``: every JSON example, each with where it stands and what it should parse as:

  * each ``Response body (NNN)`` and ``Request body`` under an operation: the operation (found
    by the ``seed_line`` of ``endpoints.tsv``), kind ``response`` or ``request``, the status of
    the example's label and the documented status, and the schema from ``endpoints.tsv`` (its
    ``response`` or ``body`` column, which is the project's reading of the doc's tables). A
    request body under an operation that documents no body ("Update a template replacement
    field", NOTES.md rule 11) gets the model whose example has exactly its keys;
  * each ``JSON`` block under a model definition, kind ``model``, and the field names of the
    model's table;
  * an example whose body is empty (the 202 of "Start a profile's otp validation") is not an
    example; it is listed under ``empty_bodies``.

The documentation's JSON is sloppy, so each block is read leniently (a line that is only
``...`` is dropped, trailing commas are dropped) and both the raw text and the parsed value are
recorded, with the repairs it needed. The output is deterministic: same input, same bytes.

Standard library only. ``--check`` compares instead of writing and exits 1 on a difference.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SPEC = REPO.parent / "shared" / "spec"
DEFAULT_OUT = REPO / "tests" / "channels_api" / "data"
SPEC_FILE = "channels-api.txt"
ENDPOINTS_FILE = "endpoints.tsv"
EXAMPLES_FILE = "examples.json"

MODEL_SECTION = "Model Definitions"
_RESPONSE_LABEL = re.compile(r"^Response body \((?P<status>\d{3})\)\s*$")
_REQUEST_LABEL = re.compile(r"^Request body\s*$")
_MODEL_HEADING = re.compile(r"^(?P<name>Api[A-Za-z]+)\s*$")
_TABLE_ROW = re.compile(r"^(?P<status>\d{3})\s+(?P<rest>.*?)\s*$")
_SCHEMA_AT_END = re.compile(r"(?P<schema>array\[[A-Za-z]+\]|Api[A-Za-z]+)\s*$")
_FIELD_ROW = re.compile(r"^(?P<name>[a-z][A-Za-z0-9]*)(?:\s+(?P<rest>.*))?$")
_FIELD_TYPES = {"string", "integer", "boolean", "double", "timestamp", "array", "dictionary"}


class SpecError(ValueError):
    """The documentation is not shaped the way this extractor expects; the message says where."""


@dataclass(frozen=True)
class Operation:
    group: str
    name: str
    method: str
    path: str
    query: str
    body: str
    status: int
    response: str
    seed_line: int


def read_operations(text: str) -> list[Operation]:
    """The rows of ``endpoints.tsv``, comments and header skipped, in file order."""
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header, *body = (row.split("\t") for row in rows)
    operations = []
    for number, cells in enumerate(body, start=2):
        if len(cells) != len(header):
            raise SpecError(f"{ENDPOINTS_FILE} row {number}: {len(cells)} cells, not {len(header)}")
        row = dict(zip(header, cells, strict=True))
        operations.append(
            Operation(
                group=row["group"],
                name=row["operation"],
                method=row["method"],
                path=row["path"],
                query=row["query"],
                body=row["body"],
                status=int(row["status"]),
                response=row["response"],
                seed_line=int(row["seed_line"]),
            )
        )
    return operations


# ---------------------------------------------------------------------------- lenient JSON


def json_block(lines: list[str], start: int) -> tuple[int, str] | None:
    """The JSON value that begins at the first non-blank line at or after ``start``.

    Returns ``(index of its first line, raw text)``; ``None`` when that line does not open an
    object or array (an empty body). The end is found by bracket depth, outside strings.
    """
    index = start
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines) or not lines[index].lstrip().startswith(("{", "[")):
        return None
    text = "\n".join(lines[index:])
    depth = 0
    in_string = escaped = False
    for offset, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return index, text[: offset + 1]
    raise SpecError(f"{SPEC_FILE}:{index + 1}: a JSON block never closes")


def _drop_trailing_commas(text: str) -> tuple[str, int]:
    out: list[str] = []
    dropped = 0
    in_string = escaped = False
    for offset, char in enumerate(text):
        if in_string:
            out.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char == ",":
            rest = text[offset + 1 :].lstrip()
            if rest[:1] in {"}", "]"}:
                dropped += 1
                continue
        out.append(char)
    return "".join(out), dropped


def loads_lenient(raw: str) -> tuple[Any, list[str]]:
    """Parse the documentation's JSON; return the value and the repairs it needed."""
    repairs: list[str] = []
    kept = [line for line in raw.splitlines() if line.strip() not in {"...", "\u2026"}]
    if len(kept) != len(raw.splitlines()):
        repairs.append(f"dropped {len(raw.splitlines()) - len(kept)} '...' line(s)")
    text, dropped = _drop_trailing_commas("\n".join(kept))
    if dropped:
        repairs.append(f"dropped {dropped} trailing comma(s)")
    return json.loads(text), repairs


# ---------------------------------------------------------------------------- the document


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _responses_table(section: list[str]) -> dict[int, str]:
    """Status → schema ("" for none) of the operation's Responses table."""
    table: dict[int, str] = {}
    try:
        start = next(i for i, line in enumerate(section) if line.startswith("HTTP Code"))
    except StopIteration:
        return table
    for line in section[start + 1 :]:
        match = _TABLE_ROW.match(line)
        if match is None:
            break
        schema = _SCHEMA_AT_END.search(match["rest"])
        table[int(match["status"])] = schema["schema"] if schema else ""
    return table


def _body_parameter(section: list[str]) -> str:
    """The schema the Parameters table gives the body, or "" when it documents none."""
    for index, line in enumerate(section):
        if line.startswith("Body "):
            for follow in section[index + 1 : index + 4]:
                schema = _SCHEMA_AT_END.search(follow)
                if schema:
                    return schema["schema"]
    return ""


def _table_fields(section: list[str]) -> list[str]:
    """Field names of a model's table (between ``Name Schema Description`` and ``JSON``)."""
    try:
        start = section.index("Name Schema Description")
    except ValueError:
        return []
    fields: list[str] = []
    expect_details = False
    for line in section[start + 1 :]:
        if line.strip() == "JSON":
            break
        if line.strip() in {"required", "optional"}:
            continue
        if expect_details:  # the schema and description of a name that stood on its own line
            expect_details = False
            continue
        match = _FIELD_ROW.match(line.strip())
        if match is None or match["name"] in _FIELD_TYPES:
            continue
        fields.append(match["name"])
        expect_details = not match["rest"]
    return fields


def _keys(value: Any) -> frozenset[str]:
    return frozenset(value) if isinstance(value, dict) else frozenset()


def extract(spec_dir: Path) -> tuple[dict[str, str], dict[str, int]]:
    """Read the spec directory; return ``{file name: text}`` to write, and the counts."""
    endpoints_text = (spec_dir / ENDPOINTS_FILE).read_text(encoding="utf-8")
    lines = (spec_dir / SPEC_FILE).read_text(encoding="utf-8").splitlines()
    operations = sorted(read_operations(endpoints_text), key=lambda op: op.seed_line)
    try:
        model_start = lines.index(MODEL_SECTION)
    except ValueError:
        raise SpecError(f"{SPEC_FILE}: no line {MODEL_SECTION!r}") from None

    examples: list[dict[str, Any]] = []
    models: dict[str, dict[str, Any]] = {}
    empty_bodies: list[dict[str, Any]] = []

    # Model definitions first: request bodies without a documented schema are matched to them.
    headings = [i for i in range(model_start, len(lines)) if _MODEL_HEADING.match(lines[i])]
    for number, start in enumerate(headings):
        name = lines[start].strip()
        end = headings[number + 1] if number + 1 < len(headings) else len(lines)
        section = lines[start:end]
        models[name] = {"line": start + 1, "fields": _table_fields(section)}
        try:
            json_label = start + section.index("JSON")
        except ValueError:
            raise SpecError(f"{SPEC_FILE}:{start + 1}: model {name} has no JSON") from None
        block = json_block(lines, json_label + 1)
        if block is None:
            raise SpecError(f"{SPEC_FILE}:{json_label + 1}: model {name}'s JSON is empty")
        first, raw = block
        value, repairs = loads_lenient(raw)
        examples.append(
            {
                "id": f"model--{name}",
                "source": "model",
                "kind": "model",
                "model": name,
                "schema": name,
                "schema_source": "model heading",
                "line": json_label + 1,
                "json_line": first + 1,
                "raw": raw,
                "value": value,
                "repairs": repairs,
            }
        )
    by_keys: dict[frozenset[str], list[str]] = {}
    for example in examples:
        by_keys.setdefault(_keys(example["value"]), []).append(example["model"])

    for number, op in enumerate(operations):
        start = op.seed_line - 1
        end = operations[number + 1].seed_line - 1 if number + 1 < len(operations) else model_start
        if not lines[start].startswith(op.method + " ") or not lines[start].endswith(op.path):
            raise SpecError(f"{SPEC_FILE}:{op.seed_line}: {op.method} {op.path} is not there")
        section = lines[start:end]
        table = _responses_table(section)
        documented_body = _body_parameter(section)
        base = {
            "source": "operation",
            "group": op.group,
            "operation": op.name,
            "method": op.method,
            "path": op.path,
            "documented_status": op.status,
        }
        for offset, line in enumerate(section):
            index = start + offset
            response = _RESPONSE_LABEL.match(line)
            if response is None and not _REQUEST_LABEL.match(line):
                continue
            block = json_block(lines, index + 1)
            status = int(response["status"]) if response else None
            if block is None:
                empty_bodies.append(
                    {"operation": op.name, "status": status, "line": index + 1, "schema": "-"}
                )
                continue
            first, raw = block
            value, repairs = loads_lenient(raw)
            if response is not None:
                kind, schema, schema_source = "response", op.response, "endpoints.tsv response"
                documented = table.get(op.status, "")
                example_id = f"{_slug(op.name)}--response-{status}"
            else:
                kind, schema, schema_source = "request", op.body, "endpoints.tsv body"
                documented = documented_body
                example_id = f"{_slug(op.name)}--request"
                if schema == "-":
                    matches = by_keys.get(_keys(value), [])
                    if len(matches) != 1:
                        raise SpecError(
                            f"{SPEC_FILE}:{index + 1}: request body of {op.name!r} has no "
                            f"documented schema and matches {len(matches)} model examples"
                        )
                    schema, schema_source = matches[0], "inferred: keys match the model example"
            if schema in {"", "-"}:
                raise SpecError(f"{SPEC_FILE}:{index + 1}: {op.name!r} has a {kind} but no schema")
            examples.append(
                base
                | {
                    "id": example_id,
                    "kind": kind,
                    "status": status,
                    "schema": schema,
                    "schema_source": schema_source,
                    "documented_schema": documented,
                    "line": index + 1,
                    "json_line": first + 1,
                    "raw": raw,
                    "value": value,
                    "repairs": repairs,
                }
            )

    examples.sort(key=lambda example: example["line"])
    ids = [example["id"] for example in examples]
    if len(set(ids)) != len(ids):
        raise SpecError("two examples would share an id")
    counts = {
        "total": len(examples),
        "operation_responses": sum(e["kind"] == "response" for e in examples),
        "operation_requests": sum(e["kind"] == "request" for e in examples),
        "model_examples": sum(e["kind"] == "model" for e in examples),
        "models_documented": len(models),
        "empty_bodies": len(empty_bodies),
        "repaired": sum(bool(e["repairs"]) for e in examples),
        "status_differs_from_documented": sum(
            e["kind"] == "response" and e["status"] != e["documented_status"] for e in examples
        ),
    }
    document = {
        "generated_by": "tools/extract_spec.py",
        "spec": {"text": SPEC_FILE, "operations": ENDPOINTS_FILE},
        "counts": counts,
        "models": models,
        "empty_bodies": empty_bodies,
        "examples": examples,
    }
    examples_text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return {ENDPOINTS_FILE: endpoints_text, EXAMPLES_FILE: examples_text}, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec_dir", nargs="?", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the data")
    parser.add_argument("--check", action="store_true", help="compare; write nothing")
    args = parser.parse_args(argv)
    if not (args.spec_dir / SPEC_FILE).is_file():
        parser.error(f"no {SPEC_FILE} in {args.spec_dir}")
    files, counts = extract(args.spec_dir)
    stale = []
    for name, text in files.items():
        target = args.out / name
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current == text:
            continue
        stale.append(name)
        if not args.check:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
    print(
        f"{counts['total']} examples: {counts['operation_responses']} response bodies, "
        f"{counts['operation_requests']} request bodies, {counts['model_examples']} model JSON "
        f"blocks ({counts['models_documented']} models documented); "
        f"{counts['empty_bodies']} empty body skipped; {counts['repaired']} needed repairs; "
        f"{counts['status_differs_from_documented']} labelled with another status than documented"
    )
    if args.check:
        print("out of date: " + ", ".join(stale) if stale else "up to date")
        return 1 if stale else 0
    print("wrote " + ", ".join(stale) if stale else "unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
