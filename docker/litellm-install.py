#!/usr/bin/env python3
"""Installs the LiteLLM proxy from PyPI into the running Python (a venv), for litellm.Dockerfile.

    python litellm-install.py VERSION [--cert FILE] [--override 'PKG==VER' ...]
                              [--resolve-as-of YYYY-MM-DD] [--freeze FILE]

First `litellm[proxy]==VERSION`. Newer releases name companion packages in their `proxy` extra
that PyPI does not serve (litellm-proxy, some litellm-proxy-extras pins); for those, install
`litellm==VERSION` plus the extra's requirements read from the wheel's METADATA, without the
unavailable pins, with the latest litellm-proxy-extras and litellm-enterprise instead.
Installs run with uv (installed by pip into a throwaway venv): `--override` requirements are uv
overrides, so they win even where LiteLLM's metadata forbids them (`--pip` is the old name), and
`--resolve-as-of` is uv's `--exclude-newer`. The native runner (`lab`) implements the same rules in
Swift; this script is only for the image.
"""

import argparse
import email.parser
import glob
import os
import subprocess
import sys
import tempfile
import zipfile

# Compromised releases, pulled from PyPI: never install them, even from a mirror that has them.
REFUSED = {"1.82.7", "1.82.8"}
# Names in the `proxy` extra: dropped (not on PyPI), or taken at their latest published version.
DROPPED = {"litellm-proxy"}
UNPINNED = {"litellm-proxy-extras", "litellm-enterprise"}


def uv_tool(cert):
    """uv in a throwaway venv beside this script, installed by pip (which reaches the index)."""
    venv = os.path.join(os.path.dirname(os.path.abspath(__file__)), "uv-venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    if pip(["install", "--prefix", venv, "uv"], cert) != 0:
        sys.exit("litellm-install: cannot install uv with pip")
    return os.path.join(venv, "bin", "uv")


def uv_install(uv, args, opts):
    """`uv pip install` into this Python, with the overrides, the date and the pip CA bundle."""
    env = dict(os.environ, UV_PYTHON_DOWNLOADS="never")
    if opts.cert:
        env["SSL_CERT_FILE"] = opts.cert
    cmd = [uv, "pip", "install", "--no-cache", "--python", sys.executable]
    if opts.override:
        cmd += ["--override", opts.overrides_file]
    if opts.resolve_as_of:
        cmd += ["--exclude-newer", opts.resolve_as_of]
    print("+ uv pip install " + " ".join(args), flush=True)
    return subprocess.run(cmd + args + opts.override, env=env).returncode


def pip(args, cert):
    cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    cmd += args[:1] + (["--cert", cert] if cert else []) + args[1:]
    print("+ pip " + " ".join(args), flush=True)
    return subprocess.run(cmd).returncode


def normalize(name):
    return name.lower().replace("_", "-").replace(".", "-")


def proxy_requirements(version, cert):
    """The `proxy` extra's requirements of litellm==version, rewritten as described above."""
    from pip._vendor.packaging.requirements import Requirement

    with tempfile.TemporaryDirectory() as tmp:
        rc = pip(["download", "--no-deps", "--only-binary=:all:", "-d", tmp, f"litellm=={version}"], cert)
        wheels = glob.glob(f"{tmp}/litellm-*.whl")
        if rc != 0 or not wheels:
            sys.exit(f"litellm-install: cannot download the litellm {version} wheel")
        with zipfile.ZipFile(wheels[0]) as wheel:
            meta_name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
            metadata = email.parser.Parser().parsestr(wheel.read(meta_name).decode())
    result = []
    for line in metadata.get_all("Requires-Dist") or []:
        req = Requirement(line)
        if req.marker is None or not req.marker.evaluate({"extra": "proxy"}):
            continue
        if req.marker.evaluate({"extra": ""}):
            continue  # a base requirement: litellm itself brings it
        name = normalize(req.name)
        if name in DROPPED:
            continue
        req.marker = None
        if name in UNPINNED:
            req.specifier = type(req.specifier)("")
        result.append(str(req))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version")
    parser.add_argument("--cert", help="CA bundle for pip (PyPI behind an intercepting proxy)")
    parser.add_argument("--override", "--pip", action="append", default=[], metavar="PKG==VER")
    parser.add_argument("--resolve-as-of", metavar="YYYY-MM-DD", help="uv --exclude-newer")
    parser.add_argument("--freeze", help="write `pip freeze` here")
    opts = parser.parse_args()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as overrides:
        overrides.write("".join(f"{req}\n" for req in opts.override))
    opts.overrides_file = overrides.name

    if opts.version in REFUSED:
        sys.exit(f"litellm-install: refusing LiteLLM {opts.version}: a compromised release "
                 "(supply-chain attack, pulled from PyPI)")
    uv = uv_tool(opts.cert)
    if uv_install(uv, [f"litellm[proxy]=={opts.version}"], opts) != 0:
        print(f"litellm-install: litellm[proxy]=={opts.version} does not resolve; "
              "installing litellm plus its proxy extra's requirements from the wheel", flush=True)
        reqs = proxy_requirements(opts.version, opts.cert)
        if uv_install(uv, [f"litellm=={opts.version}"] + reqs, opts) != 0:
            sys.exit(f"litellm-install: cannot install LiteLLM {opts.version}")
    if opts.freeze:
        frozen = subprocess.run([uv, "pip", "freeze", "--python", sys.executable],
                                check=True, capture_output=True, text=True).stdout
        with open(opts.freeze, "w") as out:
            out.write(frozen)


if __name__ == "__main__":
    main()
