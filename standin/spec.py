"""The Bot API 10.0 description (api-10.0.json), used to refuse what Telegram would refuse."""

from __future__ import annotations

import functools
import json
import logging
import os
import re
from pathlib import Path
from typing import Any

from standin.api import ApiError, UploadedFile

log = logging.getLogger(__name__)

SPEC_ENV = "KINERJA_BOTAPI_SPEC"
_SPEC_NAME = "api-10.0.json"
_INTEGER = re.compile(r"-?\d+")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
_missing_logged = False


class _Mismatch(Exception):
    """A value does not have one of the declared types (the caller tries the next one)."""


def find_spec_path(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The spec file: the explicit path, then $KINERJA_BOTAPI_SPEC, then ../shared/botapi."""
    if explicit:
        if not Path(explicit).is_file():  # a path someone typed must exist
            raise FileNotFoundError(f"Bot API spec not found: {explicit}")
        return Path(explicit)
    here = Path(__file__).resolve()
    candidates = [
        Path(os.environ[SPEC_ENV]) if os.environ.get(SPEC_ENV) else None,
        here.parents[1].parent / "shared" / "botapi" / _SPEC_NAME,  # standin/ -> checkout -> its parent
        here.parent / _SPEC_NAME,  # a copy shipped as package data, if someone adds one
    ]
    for path in candidates:
        if path is not None and path.is_file():
            return path
    return None


def load_spec(explicit: str | os.PathLike[str] | None = None) -> BotApiSpec | None:
    """Load the spec, or return None (validation off) after logging that once."""
    global _missing_logged
    path = find_spec_path(explicit)
    if path is None:
        if not _missing_logged:
            log.warning("Bot API spec %s not found: the stand-in will not validate requests", _SPEC_NAME)
            _missing_logged = True
        return None
    return _parsed(str(path))


@functools.lru_cache(maxsize=4)
def _parsed(path: str) -> BotApiSpec:
    # Every test builds a stand-in; read the 800 kB file once per process.
    return BotApiSpec(json.loads(Path(path).read_text(encoding="utf-8")))


class BotApiSpec:
    """Methods and types of the Bot API, with the checks Telegram applies to requests."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = data.get("version", "?")
        self._methods = {name.lower(): m for name, m in data["methods"].items()}
        self._types: dict[str, Any] = data["types"]

    def canonical(self, method: str) -> str | None:
        """The method's proper spelling; Telegram matches method names case-insensitively."""
        found = self._methods.get(method.lower())
        return found["name"] if found else None

    def check_request(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """Typed parameters of a valid request; ApiError(400) for the first problem found."""
        fields = {f["name"]: f for f in self._methods[method.lower()].get("fields", [])}
        for name in params:
            if name not in fields:
                raise ApiError.bad_request(f'unknown parameter "{name}" for method {method}')
        for name, spec_field in fields.items():
            # An empty value reaches the method, which words the refusal ("text is empty").
            if spec_field["required"] and name not in params:
                raise ApiError.bad_request(f'parameter "{name}" is required')
        return {name: self._coerce(name, value, fields[name]["types"]) for name, value in params.items()}

    def check_object(self, type_expr: str, value: Any, where: str = "") -> list[str]:
        """Problems of a decoded JSON value against a spec type ("Array of X", "Message"...)."""
        where = where or type_expr
        if type_expr.startswith("Array of "):
            if not isinstance(value, list):
                return [f"{where}: expected an array"]
            inner = type_expr.removeprefix("Array of ")
            return [p for i, item in enumerate(value) for p in self.check_object(inner, item, f"{where}[{i}]")]
        if type_expr in ("Integer", "Float", "String", "Boolean", "True", "InputFile"):
            return [] if _is_scalar(type_expr, value) else [f"{where}: expected {type_expr}"]
        spec_type = self._types.get(type_expr)
        if spec_type is None:
            return [f"{where}: unknown type {type_expr}"]
        if "subtypes" in spec_type:
            return self._check_union(spec_type["subtypes"], value, where)
        return self._check_fields(spec_type, value, where)

    def _check_union(self, type_names: list[str], value: Any, where: str) -> list[str]:
        best: list[str] | None = None
        for name in type_names:
            problems = self.check_object(name, value, where)
            if not problems:
                return []
            if best is None or len(problems) < len(best):
                best = problems
        return best or [f"{where}: matches none of {type_names}"]

    def _check_fields(self, spec_type: dict[str, Any], value: Any, where: str) -> list[str]:
        if not isinstance(value, dict):
            return [f"{where}: expected an object {spec_type['name']}"]
        fields = {f["name"]: f for f in spec_type.get("fields", [])}
        if not fields:  # placeholder types (CallbackGame...) have no fields to check
            return []
        problems = [f"{where}: unknown field {key!r}" for key in value if key not in fields]
        for name, spec_field in fields.items():
            if name not in value:
                if spec_field["required"]:
                    problems.append(f"{where}: missing field {name!r}")
                continue
            problems += self._check_union(spec_field["types"], value[name], f"{where}.{name}")
        return problems

    def _coerce(self, name: str, value: Any, types: list[str]) -> Any:
        reasons = []
        for type_expr in types:
            try:
                return self._coerce_one(value, type_expr)
            except _Mismatch as exc:
                reasons.append(str(exc))
        raise ApiError.bad_request(f'wrong parameter "{name}": {"; ".join(reasons)}')

    def _coerce_one(self, value: Any, type_expr: str) -> Any:
        """Form values are strings; JSON bodies are typed. Accept both, as Telegram does."""
        if isinstance(value, UploadedFile):
            if type_expr == "InputFile":
                return value
            raise _Mismatch(f"a file upload is not {type_expr}")
        if type_expr in ("Integer", "Float", "String", "Boolean", "InputFile"):
            return _coerce_scalar(value, type_expr)
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError as exc:
                raise _Mismatch(f"can't parse {type_expr} JSON object") from exc
        problems = self.check_object(type_expr, value)
        if problems:
            raise _Mismatch("; ".join(problems[:3]))
        return value


def _is_scalar(type_expr: str, value: Any) -> bool:
    if type_expr == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_expr == "Float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if type_expr == "Boolean":
        return isinstance(value, bool)
    if type_expr == "True":
        return value is True
    return isinstance(value, str)  # String, and InputFile given as file_id / URL / attach://


def _coerce_scalar(value: Any, type_expr: str) -> Any:
    if _is_scalar(type_expr, value):
        return value
    if not isinstance(value, str):
        raise _Mismatch(f"expected {type_expr}")
    text = value.strip()
    if type_expr == "Integer" and _INTEGER.fullmatch(text):
        return int(text)
    if type_expr == "Float":
        try:
            return float(text)
        except ValueError:
            pass
    if type_expr == "Boolean" and text.lower() in _BOOLEANS:
        return _BOOLEANS[text.lower()]
    raise _Mismatch(f"expected {type_expr}")


# Without the spec the stand-in still has to type the fields its own methods read.
_INT_FIELDS = {
    "chat_id",
    "message_id",
    "user_id",
    "offset",
    "limit",
    "timeout",
    "max_connections",
    "cache_time",
    "message_thread_id",
}
_JSON_FIELDS = {
    "reply_markup",
    "entities",
    "caption_entities",
    "scope",
    "commands",
    "allowed_updates",
    "link_preview_options",
    "reply_parameters",
}
_BOOL_PREFIXES = ("disable_", "protect_", "show_", "drop_", "allow_", "has_", "is_")


def coerce_without_spec(params: dict[str, Any]) -> dict[str, Any]:
    """Best-effort typing of form values when api-10.0.json is not available."""
    typed = dict(params)
    for key, value in params.items():
        if not isinstance(value, str):
            continue
        if key in _INT_FIELDS and _INTEGER.fullmatch(value.strip()):
            typed[key] = int(value)
        elif key in _JSON_FIELDS:
            try:
                typed[key] = json.loads(value)
            except ValueError:
                raise ApiError.bad_request(f"can't parse {key} JSON object") from None
        elif key.startswith(_BOOL_PREFIXES) and value.lower() in _BOOLEANS:
            typed[key] = _BOOLEANS[value.lower()]
    return typed
