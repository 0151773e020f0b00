"""Prints the name and the version, one a line, of the source tree given as its argument."""

import email.parser
import os
import sys

root = sys.argv[1]
if os.path.isfile(os.path.join(root, "PKG-INFO")):
    with open(os.path.join(root, "PKG-INFO"), encoding="utf-8") as f:
        meta = email.parser.Parser().parse(f, headersonly=True)
    print(meta.get("Name") or "")
    print(meta.get("Version") or "")
else:
    import tomllib
    with open(os.path.join(root, "pyproject.toml"), "rb") as f:
        data = tomllib.load(f)
    project, poetry = data.get("project", {}), data.get("tool", {}).get("poetry", {})
    print(project.get("name") or poetry.get("name") or "")
    print(project.get("version") or poetry.get("version") or "")
