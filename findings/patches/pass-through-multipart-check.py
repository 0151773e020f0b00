"""Why pass-through-cancel-on-disconnect.diff reads a multipart form before it starts the disconnect watcher.

The watcher (_await_llm_call_cancelling_on_disconnect) reads request.receive() until http.disconnect and
drops every other message. A pass-through of a multipart body reads that body inside the upstream call
(make_multipart_http_request), so without the form read first the watcher takes part of the body and the
file reaches the model server truncated. This drives the patched helper as a server does (the body in
16 KiB pieces, receive() waiting between them) and prints what the upstream call read, with and without the
setting and the pre-read; exit 0 when the form is whole in every case the patch uses.

Run with the patched release's venv, which
`lab compare --after 1.110.2+findings/patches/pass-through-cancel-on-disconnect.diff` installs:

    venv=~/.cache/litellm-leak-lab/installs/litellm-1.110.2+pass-through-cancel-on-disconnect-4787770157b5bc0f
    cd findings/patches
    PYTHONDONTWRITEBYTECODE=1 "$venv"-d82555ef52c0b11b/bin/python pass-through-multipart-check.py

Measured 2026-12-07:

    cancel_on_disconnect=False reads_form=True: 200 {"fields":["file","model"],"file_bytes":300000}
    cancel_on_disconnect=False reads_form=False: 200 {"fields":["file","model"],"file_bytes":300000}
    cancel_on_disconnect=True reads_form=True: 200 {"fields":["file","model"],"file_bytes":300000}
    cancel_on_disconnect=True reads_form=False: 200 {"fields":["file","model"],"file_bytes":152544}
"""

import asyncio
import sys
from typing import Final

import httpx
from litellm.proxy import proxy_server
from litellm.proxy.pass_through_endpoints.pass_through_endpoints import (
    _await_upstream_honoring_cancel_on_disconnect,
)
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def upstream(request: Request) -> dict:
    form = await request.form()  # as make_multipart_http_request does
    file = form["file"]
    return {"fields": sorted(form.keys()), "file_bytes": len(await file.read())}


def app_with(reads_form: bool) -> Starlette:
    async def endpoint(request: Request) -> JSONResponse:
        read: Final = _await_upstream_honoring_cancel_on_disconnect(
            request, upstream(request), reads_form=reads_form
        )
        return JSONResponse(await asyncio.wait_for(read, 5))

    return Starlette(routes=[Route("/mp", endpoint, methods=["POST"])])


async def post(app: Starlette) -> httpx.Response:
    """Drive the app as a server does: the body arrives in pieces, a receive() that waits between them."""
    body_request = httpx.Request(
        "POST", "http://t/mp", data={"model": "m"}, files={"file": ("a.wav", b"x" * 300_000)}
    )
    body = body_request.read()
    pieces = [body[i : i + 16_384] for i in range(0, len(body), 16_384)]
    done = asyncio.Event()
    sent: dict = {"status": None, "body": b""}

    async def receive() -> dict:
        if pieces:
            await asyncio.sleep(0.01)
            piece = pieces.pop(0)
            return {"type": "http.request", "body": piece, "more_body": bool(pieces)}
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            sent["status"] = message["status"]
        elif message["type"] == "http.response.body":
            sent["body"] += message.get("body", b"")
            if not message.get("more_body"):
                done.set()

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/mp",
        "raw_path": b"/mp",
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in body_request.headers.items()],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 2),
    }
    await app(scope, receive, send)
    return httpx.Response(sent["status"], content=sent["body"])


async def main() -> int:
    failures = 0
    for setting in (False, True):
        proxy_server.general_settings["cancel_on_disconnect"] = setting
        for reads_form in (True, False):
            try:
                response = await post(app_with(reads_form))
                outcome = f"{response.status_code} {response.text}"
            except Exception as e:  # noqa: BLE001
                outcome = f"{type(e).__name__}: {e}"
            print(f"cancel_on_disconnect={setting} reads_form={reads_form}: {outcome}")
            whole = outcome.startswith("200") and '"file_bytes":300000' in outcome
            if (reads_form or not setting) and not whole:
                failures += 1
    return failures


sys.exit(asyncio.run(main()))
