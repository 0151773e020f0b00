"""Prints what a venv holds as JSON: its distributions, and the declared requirements they break.

Run by the venv's own Python; LiteLLM's proxy extra counts as requested.
"""

import importlib.metadata as md
import json
import re


def norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


dists = {}
for d in md.distributions():
    if d.metadata["Name"]:
        dists.setdefault(norm(d.metadata["Name"]), d)
out = {"freeze": sorted((d.metadata["Name"] + "==" + d.version for d in dists.values()), key=str.lower)}
try:
    from packaging.requirements import Requirement
except ImportError:
    try:
        from pip._vendor.packaging.requirements import Requirement
    except ImportError:
        Requirement = None
if Requirement is None:
    out["unchecked"] = "could not check: the venv has no 'packaging' module"
else:
    broken = []
    for key, d in sorted(dists.items()):
        extras = ["proxy"] if key == "litellm" else []
        for line in d.requires or []:
            try:
                req = Requirement(line)
            except Exception:  # noqa: BLE001 - a requirement this packaging cannot parse is not checked
                continue
            extra = None
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                extra = next((e for e in extras if req.marker.evaluate({"extra": e})), None)
                if extra is None:
                    continue
            dep = dists.get(norm(req.name))
            if dep is not None and req.specifier.contains(dep.version, prereleases=True):
                continue
            broken.append({"package": d.metadata["Name"], "version": d.version,
                "requirement": req.name + str(req.specifier), "extra": extra,
                "installed": dep.version if dep is not None else None})
    out["broken"] = broken
print(json.dumps(out))
