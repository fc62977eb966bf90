"""Fills the generated tables into a docs/validation.md template: each line `@@name@@` of the
template is replaced by the section of tables.py's output whose heading starts with that name
(fit, seed, hold-out, leave-one-size-out, achieved, measured), heading included.

    python3 bench/validation/tables.py CSV FLAGS... > /tmp/tables.md
    python3 bench/validation/assemble.py TEMPLATE.md /tmp/tables.md > docs/validation.md"""
import re
import sys

template, tables = open(sys.argv[1]).read(), open(sys.argv[2]).read()
sections = {}
for block in re.split(r"(?m)^(?=### )", tables):
    if block.startswith("### "):
        key = block[4:].split()[0].lower().rstrip(":")
        sections[key] = block.rstrip("\n") + "\n"


def fill(m):
    key = m.group(1).lower()
    if key not in sections:
        sys.exit(f"no section '{key}' in {sys.argv[2]} (have {sorted(sections)})")
    return sections[key]


print(re.sub(r"(?m)^@@([\w-]+)@@\n", fill, template), end="")
