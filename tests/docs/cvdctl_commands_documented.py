#!/usr/bin/env python3
"""docs.cvdctl_commands_documented: every command of the built cvdctl has an entry in
doc/cvdctl.8.md that names each of its long options, the global options are in the OPTIONS
section, and the page documents no command cvdctl does not have.

The commands are read from cvdctl itself: `--help` of the program and, recursively, of
each subcommand (CLI11's "Options:" and "Subcommands:" sections). An entry is a
definition-list term "**cvdctl case accept** ..." and the text up to the next term or
heading.

usage: cvdctl_commands_documented.py CVDCTL doc/cvdctl.8.md
"""

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from man_sections import section_lines  # noqa: E402


@dataclass
class Command:
    path: tuple[str, ...]
    options: list[str] = field(default_factory=list)  # long options but --help
    subcommands: list[str] = field(default_factory=list)
    # The values an option or argument takes, where its help lists them ("a|b|c" or CLI11's
    # TEXT:{yes,no}): each must be on the page, so a new stop reason cannot go unnoticed.
    values: dict[str, list[str]] = field(default_factory=dict)


def help_sections(text: str) -> dict[str, list[tuple[str, str]]]:
    """CLI11's help: "Options:" / "Subcommands:" / "Positionals:" and their entries, each
    (its names and type, its description); a description too long for the line is on the
    next, indented further."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in text.splitlines():
        if re.fullmatch(r"[A-Z][A-Za-z ]*:", line):
            current = sections.setdefault(line[:-1], [])
        elif current is not None and re.match(r"  \S", line):
            head, _, description = line.strip().partition("  ")
            current.append((head, description.strip()))
        elif current and line.startswith("   ") and not current[-1][1]:
            current[-1] = (current[-1][0], line.strip())
    return sections


LISTED_VALUES = re.compile(r"[a-z0-9-]+(?:\|[a-z0-9-]+)+")


def listed_values(head: str, description: str) -> list[str]:
    if LISTED_VALUES.fullmatch(description):
        return description.split("|")
    choice = re.search(r":\{([^}]*)\}", head)
    return choice.group(1).split(",") if choice else []


def read_command(cvdctl: str, path: tuple[str, ...]) -> Command:
    env = dict(os.environ, LC_ALL="C.UTF-8", COLUMNS="200")
    run = subprocess.run([cvdctl, *path, "--help"], capture_output=True, text=True, env=env,
                         check=False, timeout=30)
    if run.returncode != 0:
        raise RuntimeError(f"cvdctl {' '.join(path)} --help exited {run.returncode}: {run.stderr}")
    sections = help_sections(run.stdout)
    command = Command(path)
    for head, description in sections.get("Options", []) + sections.get("Positionals", []):
        names = head.split()[0].split(",")
        longs = [n for n in names if n.startswith("--") and n != "--help"]
        command.options += longs
        values = listed_values(head, description)
        if values:
            command.values[(longs or names)[0]] = values
    for head, _ in sections.get("Subcommands", []):
        command.subcommands.append(head.split()[0])
    return command


def all_commands(cvdctl: str) -> list[Command]:
    found, pending = [], [()]
    while pending:
        command = read_command(cvdctl, pending.pop(0))
        found.append(command)
        pending += [command.path + (name,) for name in command.subcommands]
    return found


TERM = re.compile(r"^\*\*cvdctl ([a-z][a-z -]*?)\*\*")


def entries(page: Path) -> dict[tuple[str, ...], tuple[int, str]]:
    """Each documented command: its line and its entry's text, Markdown escapes removed."""
    found: dict[tuple[str, ...], tuple[int, str]] = {}
    current = None
    for number, line in section_lines(page, "COMMANDS"):
        match = TERM.match(line)
        if match:
            current = tuple(match.group(1).split())
            found[current] = (number, "")
        elif line.startswith("#"):
            current = None
        if current is not None:
            start, text = found[current]
            found[current] = (start, text + line.replace("\\-", "-") + "\n")
    return found


def mentions(text: str, option: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(option) + r"(?![\w-])", text) is not None


def main() -> int:
    cvdctl, page = sys.argv[1], Path(sys.argv[2])
    page_name = page.name
    commands = all_commands(cvdctl)
    documented = entries(page)
    errors = []
    if len(commands) < 10:
        errors.append(f"only {len(commands)} commands read from {cvdctl} --help: is it CLI11's "
                      "help format still?")
    top = commands[0]
    options_text = "".join(line.replace("\\-", "-") + "\n"
                           for _, line in section_lines(page, "OPTIONS"))
    for option in top.options:
        if not mentions(options_text, option):
            errors.append(f"the global option {option} of cvdctl is not in {page_name}, section "
                          "OPTIONS")
    leaves = {c.path: c for c in commands if c.path and not c.subcommands}
    for path, command in sorted(leaves.items()):
        name = "cvdctl " + " ".join(path)
        if path not in documented:
            errors.append(f"the command '{name}' is not documented in {page_name}, section "
                          f"COMMANDS: add a term **{name}** with its arguments and options "
                          f"({', '.join(command.options) or 'none'}) and what it does")
            continue
        line, text = documented[path]
        missing = [o for o in command.options if not mentions(text, o)]
        if missing:
            errors.append(f"{page_name}:{line}: the entry of '{name}' does not name its "
                          f"option(s) {', '.join(missing)}")
        for option, values in command.values.items():
            unnamed = [v for v in values if not mentions(text, v)]
            if unnamed:
                errors.append(f"{page_name}:{line}: the entry of '{name}' does not name the "
                              f"value(s) {', '.join(unnamed)} of {option}")
    for path, (line, _) in sorted(documented.items()):
        if path not in leaves:
            errors.append(f"{page_name}:{line}: documents 'cvdctl {' '.join(path)}', which "
                          "cvdctl does not have (or which is a group, not a command)")
    print(f"{len(leaves)} cvdctl commands, {sum(len(c.options) for c in leaves.values())} "
          f"options, {sum(len(v) for c in leaves.values() for v in c.values.values())} listed "
          f"values; {len(documented)} documented")
    for error in errors:
        print("FAIL:", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
