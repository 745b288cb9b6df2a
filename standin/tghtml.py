"""Telegram's HTML parse mode: turns marked-up text into plain text plus MessageEntity dicts.

It follows Telegram's rules (the tags it knows, its error wording, offsets in UTF-16 code
units) and is deliberately stricter in one place: a bare ``&`` is refused, because in a
bot that builds HTML from templates a bare ``&`` means user text went in unescaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "code": "code",
}
_TAGS = set(_SIMPLE_TAGS) | {"a", "pre", "blockquote", "tg-emoji"}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_CHAR_REF = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([a-zA-Z][a-zA-Z0-9]*));")
_PLAIN_RUN = re.compile(r"[^<&]+")


class HtmlError(Exception):
    """The text after "can't parse entities: " in Telegram's refusal."""


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _Open:
    tag: str
    start: int  # UTF-16 offset in the output
    attrs: dict[str, str] = field(default_factory=dict)
    language: str | None = None


class _Parser:
    def __init__(self, source: str) -> None:
        self.src = source
        self.i = 0
        self.out: list[str] = []
        self.pos = 0
        self.stack: list[_Open] = []
        self.entities: list[dict[str, Any]] = []

    def parse(self) -> tuple[str, list[dict[str, Any]]]:
        while self.i < len(self.src):
            run = _PLAIN_RUN.match(self.src, self.i)
            if run:
                self._emit(run.group())
                self.i = run.end()
            elif self.src[self.i] == "&":
                self._emit(self._char_ref())
            else:
                self._tag()
        if self.stack:
            raise HtmlError(f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"')
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def _emit(self, text: str) -> None:
        self.out.append(text)
        self.pos += utf16_len(text)

    def _byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def _char_ref(self) -> str:
        match = _CHAR_REF.match(self.src, self.i)
        where = self._byte_offset(self.i)
        if not match:
            raise HtmlError(f"Character '&' is reserved and must be escaped as &amp; (byte offset {where})")
        self.i = match.end()
        decimal, hexa, name = match.groups()
        if name is not None:
            if name not in _NAMED:
                raise HtmlError(f'Unsupported HTML entity "&{name};" at byte offset {where}')
            return _NAMED[name]
        code = int(decimal) if decimal is not None else int(hexa, 16)
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise HtmlError(f"Invalid character reference at byte offset {where}")
        return chr(code)

    def _tag(self) -> None:
        if self.src.startswith("</", self.i):
            self._end_tag()
        else:
            self._start_tag()

    def _start_tag(self) -> None:
        begin = self.i
        j = begin + 1
        while j < len(self.src) and not self.src[j].isspace() and self.src[j] != ">":
            j += 1
        if j >= len(self.src):
            raise HtmlError(f"Unclosed start tag at byte offset {self._byte_offset(begin)}")
        name = self.src[begin + 1 : j].lower()
        if name not in _TAGS:
            raise HtmlError(f'Unsupported start tag "{name}" at byte offset {self._byte_offset(begin)}')
        attrs, self.i = self._attributes(j, begin)
        self._check_required_attrs(name, attrs, begin)
        self.stack.append(_Open(name, self.pos, attrs))

    def _attributes(self, j: int, begin: int) -> tuple[dict[str, str], int]:
        attrs: dict[str, str] = {}
        src = self.src
        while True:
            while j < len(src) and src[j].isspace():
                j += 1
            if j >= len(src):
                raise HtmlError(f"Unclosed start tag at byte offset {self._byte_offset(begin)}")
            if src[j] == ">":
                return attrs, j + 1
            name_start = j
            while j < len(src) and not src[j].isspace() and src[j] not in "=>":
                j += 1
            name = src[name_start:j].lower()
            while j < len(src) and src[j].isspace():
                j += 1
            value = ""
            if j < len(src) and src[j] == "=":
                value, j = self._attribute_value(j + 1, begin)
            attrs[name] = value

    def _attribute_value(self, j: int, begin: int) -> tuple[str, int]:
        src = self.src
        while j < len(src) and src[j].isspace():
            j += 1
        if j < len(src) and src[j] in "\"'":
            close = src.find(src[j], j + 1)
            if close < 0:
                raise HtmlError(f"Unclosed start tag at byte offset {self._byte_offset(begin)}")
            return _unescape(src[j + 1 : close]), close + 1
        start = j
        while j < len(src) and not src[j].isspace() and src[j] != ">":
            j += 1
        return _unescape(src[start:j]), j

    def _check_required_attrs(self, name: str, attrs: dict[str, str], begin: int) -> None:
        where = self._byte_offset(begin)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise HtmlError(f'Tag "span" must have class "tg-spoiler" at byte offset {where}')
        if name == "tg-emoji" and not attrs.get("emoji-id"):
            raise HtmlError(f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {where}')

    def _end_tag(self) -> None:
        begin = self.i
        close = self.src.find(">", begin)
        if close < 0:
            raise HtmlError(f"Unclosed end tag at byte offset {self._byte_offset(begin)}")
        name = self.src[begin + 2 : close].strip().lower()
        if not self.stack:
            raise HtmlError(f"Unexpected end tag at byte offset {self._byte_offset(begin)}")
        top = self.stack[-1]
        if name and name != top.tag:
            raise HtmlError(
                f"Unmatched end tag at byte offset {self._byte_offset(begin)}, "
                f'expected "</{top.tag}>", found "</{name}>"'
            )
        self.stack.pop()
        self.i = close + 1
        self._close(top)

    def _close(self, opened: _Open) -> None:
        length = self.pos - opened.start
        language = opened.attrs.get("class", "")
        parent = self.stack[-1] if self.stack else None
        if opened.tag == "code" and parent and parent.tag == "pre" and language.startswith("language-"):
            # <pre><code class="language-x"> is one pre entity with a language.
            parent.language = language.removeprefix("language-")
            return
        entity = _entity_for(opened)
        if entity is not None and length > 0:
            self.entities.append({**entity, "offset": opened.start, "length": length})


def _entity_for(opened: _Open) -> dict[str, Any] | None:
    if opened.tag in _SIMPLE_TAGS:
        return {"type": _SIMPLE_TAGS[opened.tag]}
    if opened.tag == "a":
        href = opened.attrs.get("href", "")
        return {"type": "text_link", "url": href} if href else None
    if opened.tag == "pre":
        return {"type": "pre", "language": opened.language} if opened.language else {"type": "pre"}
    if opened.tag == "blockquote":
        expandable = "expandable" in opened.attrs
        return {"type": "expandable_blockquote" if expandable else "blockquote"}
    return {"type": "custom_emoji", "custom_emoji_id": opened.attrs["emoji-id"]}


def _unescape(value: str) -> str:
    """Attribute values may use character references; unknown ones stay as typed."""

    def replace(match: re.Match[str]) -> str:
        decimal, hexa, name = match.groups()
        if name is not None:
            return _NAMED.get(name, match.group())
        code = int(decimal) if decimal is not None else int(hexa, 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group()

    return _CHAR_REF.sub(replace, value)


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities of an HTML-formatted text; HtmlError when Telegram refuses it."""
    return _Parser(source).parse()


def strip_text(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Telegram trims leading and trailing white space; entities shift and shrink with it."""
    left = text.lstrip()
    lead = utf16_len(text[: len(text) - len(left)])
    result = left.rstrip()
    total = utf16_len(result)
    kept = []
    for entity in entities:
        start = max(0, entity["offset"] - lead)
        end = min(total, entity["offset"] + entity["length"] - lead)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return result, kept
