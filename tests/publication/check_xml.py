#!/usr/bin/env python3
"""Parses every .html file under the directory given with Python's XML parser (expat):
the published pages are polyglot XHTML, so each must be well-formed XML with the XHTML
namespace on its root. Fails when none is found."""
import pathlib
import sys
import xml.etree.ElementTree as ET

XHTML = "{http://www.w3.org/1999/xhtml}"


def main(root: str) -> int:
    pages = sorted(pathlib.Path(root).rglob("*.html"))
    if not pages:
        print(f"no .html under {root}", file=sys.stderr)
        return 1
    bad = 0
    for page in pages:
        try:
            tree = ET.parse(page)
        except ET.ParseError as e:
            print(f"{page}: {e}", file=sys.stderr)
            bad += 1
            continue
        if tree.getroot().tag != XHTML + "html":
            print(f"{page}: root is {tree.getroot().tag}", file=sys.stderr)
            bad += 1
    print(f"{len(pages) - bad} of {len(pages)} pages are well-formed XHTML")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
