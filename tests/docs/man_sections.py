"""Reading the pandoc Markdown of the manual pages: a top-level section's lines and the
definition-list terms in it. Shared by the documentation tests."""

import re
from pathlib import Path


def section_lines(page: Path, title: str) -> list[tuple[int, str]]:
    """The (line number, text) pairs of the section `# TITLE`, up to the next `# `."""
    lines = page.read_text(encoding="utf-8").splitlines()
    inside = False
    found = []
    for number, line in enumerate(lines, start=1):
        if line.startswith("# "):
            inside = line[2:].strip() == title
            continue
        if inside:
            found.append((number, line))
    return found


# A definition-list term that names an ID: "**MESSAGE_QUARANTINED** (warning)".
_ID_TERM = re.compile(r"^\*\*([A-Z][A-Z0-9_]+)\*\*(?:\s+\(([a-z]+(?:, [a-z]+)*)\))?\s*$")


def documented_ids(page: Path, title: str) -> dict[str, tuple[int, str | None]]:
    """Each ID documented as a term of section TITLE: its line and the levels it gives
    ("warning", "info, error"), None when it gives none."""
    ids = {}
    for number, line in section_lines(page, title):
        match = _ID_TERM.match(line)
        if match:
            ids[match.group(1)] = (number, match.group(2))
    return ids
