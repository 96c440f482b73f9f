"""The translation catalogues (locale/<code>/LC_MESSAGES/django.po), read without gettext.

``manage.py missing_translations`` lists what a language lacks; the tests check Dutch is
complete and build a pseudo-locale from the same entries. ``write_mo`` compiles entries the
way msgfmt does, so a test can build a catalogue on a machine without GNU gettext; ``make
messages`` uses Django's compilemessages (msgfmt) for the real ones.
"""

from __future__ import annotations

import ast
import struct
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings


@dataclass
class Entry:
    """One message of a catalogue: its id (and plural id, context), its translations, and
    whether gettext marked it fuzzy (a guess nobody checked: not used by Django)."""

    msgid: str
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False
    references: list[str] = field(default_factory=list)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr) and not self.fuzzy


def catalogue_path(language: str) -> Path:
    """Where a language's .po file lives (the first of settings.LOCALE_PATHS)."""
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def _unquote(text: str) -> str:
    # A .po string is a C string in double quotes; Python's literal rules read it the same
    # for the escapes gettext writes (\\n, \\t, \\", \\\\).
    return str(ast.literal_eval(text))


def read_po(path: Path) -> tuple[str, list[Entry]]:
    """The header (msgstr of the empty msgid) and every live entry of a .po file (obsolete
    ``#~`` entries are left out)."""
    header = ""
    entries: list[Entry] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        # Obsolete entries (#~) are kept by gettext for reuse, never used: skipped.
        lines = [line for line in block.splitlines() if line.strip() and not line.startswith("#~")]
        entry = Entry(msgid="")
        current: str | None = None
        parts: dict[str, str] = {}
        for line in lines:
            if line.startswith("#,"):
                entry.fuzzy = "fuzzy" in line
            elif line.startswith("#:"):
                entry.references += line[2:].split()
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if current is not None:
                    parts[current] += _unquote(line)
            else:
                key, _, value = line.partition(" ")
                current = key
                parts[key] = _unquote(value)
        if "msgid" not in parts:
            continue
        entry.msgid = parts["msgid"]
        entry.msgid_plural = parts.get("msgid_plural", "")
        entry.msgctxt = parts.get("msgctxt")
        if entry.msgid_plural:
            count = len([key for key in parts if key.startswith("msgstr[")])
            entry.msgstr = [parts[f"msgstr[{n}]"] for n in range(count)]
        else:
            entry.msgstr = [parts.get("msgstr", "")]
        if entry.msgid == "" and entry.msgctxt is None:
            header = entry.msgstr[0]
        else:
            entries.append(entry)
    return header, entries


def missing(language: str) -> list[Entry]:
    """The entries of ``language``'s catalogue with no translation, or only a fuzzy one."""
    _, entries = read_po(catalogue_path(language))
    return [entry for entry in entries if not entry.translated]


def write_mo(path: Path, header: str, entries: list[Entry]) -> None:
    """A GNU .mo file of ``entries`` (as msgfmt writes it, fuzzy ones left out)."""
    messages: dict[bytes, bytes] = {b"": header.encode()}
    for entry in entries:
        if not entry.translated:
            continue
        key = entry.msgid
        if entry.msgid_plural:
            key += "\x00" + entry.msgid_plural
        if entry.msgctxt is not None:
            key = f"{entry.msgctxt}\x04{key}"
        messages[key.encode()] = "\x00".join(entry.msgstr).encode()
    keys = sorted(messages)
    ids = strs = b""
    offsets = []
    for key in keys:
        offsets.append((len(ids), len(key), len(strs), len(messages[key])))
        ids += key + b"\x00"
        strs += messages[key] + b"\x00"
    start = 7 * 4 + 16 * len(keys)
    key_table = []
    value_table = []
    for id_offset, id_length, str_offset, str_length in offsets:
        key_table += [id_length, start + id_offset]
        value_table += [str_length, start + len(ids) + str_offset]
    output = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    output += struct.pack(f"{len(key_table)}i", *key_table)
    output += struct.pack(f"{len(value_table)}i", *value_table)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(output + ids + strs)


def compile_catalogue(language: str) -> Path:
    """Build ``language``'s .mo next to its .po when the .po is newer (what ``make messages``
    does with msgfmt), for a test run that did not go through make."""
    po = catalogue_path(language)
    mo = po.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        header, entries = read_po(po)
        write_mo(mo, header, entries)
    return mo
