#!/usr/bin/env python3
"""docs.log_events_documented: every log event ID the code writes, and every operator alert
code it raises, is documented in doc/cvdd.8.md (sections LOG EVENTS and OPERATOR ALERTS),
with the level it is logged at; and nothing is documented there that the code no longer
writes.

A log event ID is the first word of the format string of a spdlog call (spdlog::warn(
"OUTBOX_FAILED ..."), the string possibly on the next line); a call whose format string
does not start with an ID is an error too, since operators and tests match on the IDs.
The scan covers every .cpp and .hpp of the source tree but tests/, bench/, fuzz/ and build
trees, comments left out.

usage: log_events_documented.py SOURCE_ROOT
"""

import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from man_sections import documented_ids  # noqa: E402

# Not shipped, or not code: their logging is not the operator's.
EXCLUDED_DIRS = {"tests", "bench", "fuzz", "examples", "scripts", "systemd"}

LEVELS = {"trace": "trace", "debug": "debug", "info": "info", "warn": "warning",
          "error": "error", "critical": "critical"}

# The logging calls: spdlog::warn(, SPDLOG_WARN(, spdlog::log(spdlog::level::warn, and a
# named logger's logger->warn( or logger.warn(.
LOG_CALLS = [
    re.compile(r"\bspdlog::(trace|debug|info|warn|error|critical)\s*\("),
    re.compile(r"\bSPDLOG_(TRACE|DEBUG|INFO|WARN|ERROR|CRITICAL)\s*\("),
    re.compile(r"\bspdlog::log\s*\(\s*spdlog::level::(trace|debug|info|warn|err|critical)\s*,"),
    re.compile(r"\b\w*[lL]ogger\w*\s*(?:->|\.)\s*(trace|debug|info|warn|error|critical)\s*\("),
]

EVENT_ID = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{2,}[A-Z0-9]*")
STRING_START = re.compile(r'(?:u8|u|U|L)?(R?)"')

# Operator alert codes: the lifecycle's alert("CODE", ...), the daemon's
# AlertOperator{"CODE", ...} and alertOnly("CODE", ...), a mailed alert's
# extras.alertCode = "CODE", and "OPERATOR_ALERT code=CODE" written into a log line.
ALERT_CODES = [
    re.compile(r"\b(?:alert|alertOnly)\s*\(\s*\"([A-Z][A-Z0-9_]+)\""),
    re.compile(r"\bAlertOperator\s*\{\s*\"([A-Z][A-Z0-9_]+)\""),
    re.compile(r"\balertCode\s*=\s*\"([A-Z][A-Z0-9_]+)\""),
    re.compile(r"OPERATOR_ALERT code=([A-Z][A-Z0-9_]+)"),
]


@dataclass
class Use:
    name: str
    level: str | None  # None for an alert code
    where: str  # "daemon/daemon.cpp:175"


RAW_PREFIXES = {"", "u8", "u", "U", "L"}


def _identifier_before(text: str, i: int) -> str:
    k = i
    while k > 0 and (text[k - 1].isalnum() or text[k - 1] == "_"):
        k -= 1
    return text[k:i]


def without_comments(text: str) -> str:
    """The C++ text with // and /* */ comments blanked out (line breaks kept, so line
    numbers hold), string and character literals left as they are."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:end]))
            i = end
        elif text.startswith('R"', i) and _identifier_before(text, i) in RAW_PREFIXES:
            open_paren = text.find("(", i)
            delimiter = text[i + 2:open_paren]
            end = text.find(")" + delimiter + '"', open_paren)
            end = n if end < 0 else end + len(delimiter) + 2
            out.append(text[i:end])
            i = end
        elif c == '"' or (c == "'" and not (i > 0 and text[i - 1].isalnum())):  # 1'000'000
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def literal_at(text: str, pos: int) -> str | None:
    """The contents of the string literal starting at pos (after blanks), else None."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    match = STRING_START.match(text, pos)
    if not match:
        return None
    start = match.end()
    if match.group(1):  # raw string
        open_paren = text.find("(", start)
        delimiter = text[start:open_paren]
        return text[open_paren + 1:text.find(")" + delimiter + '"', open_paren)]
    j = start
    while j < len(text) and text[j] != '"':
        j += 2 if text[j] == "\\" else 1
    return text[start:j]


def line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def scan(text: str, where: str) -> tuple[list[Use], list[Use], list[str]]:
    """Log events, alert codes and problems (a log call without an ID) in one file."""
    code = without_comments(text)
    events, alerts, problems = [], [], []
    for pattern in LOG_CALLS:
        for call in pattern.finditer(code):
            level = LEVELS.get(call.group(1).lower(), "error")
            at = f"{where}:{line_of(code, call.start())}"
            literal = literal_at(code, call.end())
            if literal is None:
                problems.append(f"{at}: the log call's format is not a string literal, so it "
                                "has no event ID operators can match on")
                continue
            first = literal.split(" ", 1)[0]
            if not EVENT_ID.fullmatch(first):
                problems.append(f"{at}: the log message \"{literal[:50]}\" does not start with "
                                "an event ID (an upper-case word such as STORE_FULL)")
                continue
            events.append(Use(first, level, at))
    for pattern in ALERT_CODES:
        for match in pattern.finditer(code):
            alerts.append(Use(match.group(1), None, f"{where}:{line_of(code, match.start())}"))
    return events, alerts, problems


def source_files(root: Path):
    for path in sorted(root.rglob("*")):
        if path.suffix not in {".cpp", ".hpp"} or not path.is_file():
            continue
        parts = path.relative_to(root).parts
        if parts[0] in EXCLUDED_DIRS or any(p.startswith(".") for p in parts):
            continue
        # Build trees (build/, build-asan/, ...) hold generated sources.
        if any((root.joinpath(*parts[:k]) / "CMakeCache.txt").exists()
               for k in range(1, len(parts))):
            continue
        yield path


def compare(uses: list[Use], documented: dict, page: str, section: str, what: str) -> list[str]:
    errors = []
    by_name: dict[str, list[Use]] = {}
    for use in uses:
        by_name.setdefault(use.name, []).append(use)
    for name, found in sorted(by_name.items()):
        places = ", ".join(u.where for u in found)
        levels = sorted({u.level for u in found if u.level})
        if name not in documented:
            hint = f"**{name}**" + (f" ({', '.join(levels)})" if levels else "")
            errors.append(f"{what} {name} is used at {places} but not documented in {page}, "
                          f"section {section}: add a term {hint} saying what it means and "
                          "what the operator should do")
            continue
        line, documented_levels = documented[name]
        if levels:
            given = sorted(documented_levels.split(", ")) if documented_levels else []
            if given != levels:
                errors.append(f"{what} {name} is documented at {page}:{line} with the level "
                              f"({', '.join(given) or 'none'}), but logged as "
                              f"{', '.join(levels)} at {places}")
    for name, (line, _) in sorted(documented.items()):
        if name not in by_name:
            errors.append(f"{what} {name} is documented at {page}:{line} (section {section}) "
                          "but the code no longer uses it: remove it, or restore the code")
    return errors


SELF_TEST = r'''
  spdlog::warn(
      "FAKE_MULTILINE key={}", k);  // spdlog::info("NOT_IN_COMMENT")
  /* spdlog::error("NOT_IN_BLOCK_COMMENT"); */
  auto url = "https://x"; spdlog::info("FAKE_AFTER_URL a={}", url);
  spdlog::critical("lower case start");
  alert(
      "FAKE_ALERT", "text");
  spdlog::warn("OPERATOR_ALERT code=FAKE_LOGGED_ALERT case={}", c);
'''


def self_test() -> list[str]:
    """The scanner must see what it is meant to see: a broken pattern would pass vacuously."""
    events, alerts, problems = scan(SELF_TEST, "self-test")
    found = {(u.name, u.level) for u in events}
    expected = {("FAKE_MULTILINE", "warning"), ("FAKE_AFTER_URL", "info"),
                ("OPERATOR_ALERT", "warning")}
    errors = []
    if found != expected:
        errors.append(f"scanner self-test: found events {sorted(found)}, expected {sorted(expected)}")
    if {u.name for u in alerts} != {"FAKE_ALERT", "FAKE_LOGGED_ALERT"}:
        errors.append(f"scanner self-test: found alerts {sorted(u.name for u in alerts)}")
    if len(problems) != 1 or "lower case start" not in problems[0]:
        errors.append(f"scanner self-test: problems {problems}")
    return errors


def main() -> int:
    root = Path(sys.argv[1]).resolve()
    page = root / "doc" / "cvdd.8.md"
    errors = self_test()
    events, alerts, files = [], [], 0
    for path in source_files(root):
        files += 1
        where = str(path.relative_to(root))
        e, a, problems = scan(path.read_text(encoding="utf-8", errors="replace"), where)
        events += e
        alerts += a
        errors += problems
    if files == 0 or not events:
        errors.append(f"no sources or no log events found under {root}")
    page_name = str(page.relative_to(root))
    errors += compare(events, documented_ids(page, "LOG EVENTS"), page_name, "LOG EVENTS",
                      "log event")
    errors += compare(alerts, documented_ids(page, "OPERATOR ALERTS"), page_name,
                      "OPERATOR ALERTS", "operator alert")
    print(f"{files} source files: {len({u.name for u in events})} log event IDs in "
          f"{len(events)} calls, {len({u.name for u in alerts})} operator alert codes")
    for error in errors:
        print("FAIL:", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
