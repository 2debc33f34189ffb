"""Keeps the code readable: no application module over 400 lines, no application function over 50 lines.

Tests and migrations are left out (a migration is generated; a test may spell out a long data set).
Prints every offender and exits 1 if there is one.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["insikt", "participants", "meetings", "questionnaire", "reports"]
MAX_MODULE, MAX_FUNCTION = 400, 50


def application_modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" in parts or "migrations" in parts or path.name == "testing.py":
                continue
            yield path


def offenders():
    for path in application_modules():
        source = path.read_text()
        name = path.relative_to(ROOT)
        lines = source.count("\n")
        if lines > MAX_MODULE:
            yield f"{name}: {lines} lines (at most {MAX_MODULE})"
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION:
                    yield f"{name}:{node.lineno} {node.name}(): {length} lines (at most {MAX_FUNCTION})"


if __name__ == "__main__":
    found = list(offenders())
    print("\n".join(found) or "Module and function sizes: all within bounds.")
    sys.exit(1 if found else 0)
