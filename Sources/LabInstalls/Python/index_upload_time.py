"""Prints the newest upload time of a package version on the index the machine's pip uses.

The index is uv's UV_DEFAULT_INDEX when the pip configuration names one, else pip's own default; it is
read as PEP 691 JSON with PEP 700 upload times.
"""

import json
import os
import ssl
import sys
import urllib.request

name, version = sys.argv[1], sys.argv[2]
index = os.environ.get("UV_DEFAULT_INDEX")
if not index:
    from pip._internal.models.index import PyPI
    index = PyPI.simple_url
request = urllib.request.Request(index.rstrip("/") + "/" + name + "/",
    headers={"Accept": "application/vnd.pypi.simple.v1+json"})
cafile = os.environ.get("SSL_CERT_FILE")
context = ssl.create_default_context(cafile=cafile) if cafile else None
files = json.load(urllib.request.urlopen(request, context=context, timeout=60))["files"]
prefixes = (f"{name}-{version}-", f"{name}-{version}.tar", f"{name}-{version}.zip")
times = [f["upload-time"] for f in files if f["filename"].startswith(prefixes) and f.get("upload-time")]
if not times:
    sys.exit(f"the index lists no file of {name} {version} with an upload time")
print(max(times))
