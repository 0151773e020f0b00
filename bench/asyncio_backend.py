#!/usr/bin/env python3
"""A minimal asyncio backend that holds chat requests and counts them: the benchmark's Python peer.

What most people write when they need a counting backend: asyncio.start_server, one coroutine per
connection, and a read that returns only at EOF to notice that the client hung up. Standard library
only. It serves the same JSON as the lab's fake-backend, so the same tools measure both:

  POST /v1/chat/completions  held for --hold seconds, then answered; counted in /stats
  GET  /stats                {"active":..,"started":..,"completed":..,"client_closed":..,"rejected":..,...}
  GET  /requests             one record per request: id, method, path, started_at, ended_at, outcome
  GET  /health               {"status":"ok"}

Usage: asyncio_backend.py [--host 127.0.0.1] [--port 5001] [--hold 3600] [--status-interval 2]
"""

import argparse
import asyncio
import json
import signal
import sys
import time

API_PATH = "/v1/chat/completions"
# Large enough that a burst of thousands of connects never overflows the accept queue (asyncio's
# default is 100): the benchmark measures the event loop, not SYN retransmits.
BACKLOG = 4096


class Ledger:
    """Counters plus a record per API request, with the fake backend's invariant:
    started == completed + client_closed + active."""

    def __init__(self):
        self.started_at = time.time()
        self.active = self.started = self.completed = self.client_closed = self.rejected = 0
        self.records = []
        self.last_ended_at = None

    def start(self, method, path):
        self.started += 1
        self.active += 1
        record = {"id": self.started, "method": method, "path": path, "stream": False,
                  "started_at": time.time(), "ended_at": None, "outcome": "held", "chunks": 0, "bytes": 0}
        self.records.append(record)
        log(f"request #{record['id']} started {method} {path} active={self.active}")
        return record

    def finish(self, record, outcome):
        record["ended_at"] = self.last_ended_at = time.time()
        record["outcome"] = outcome
        self.active -= 1
        if outcome == "completed":
            self.completed += 1
        else:
            self.client_closed += 1
        held = record["ended_at"] - record["started_at"]
        log(f"request #{record['id']} ended {outcome} after {held:.3f} s active={self.active}")

    def stats(self):
        now = time.time()
        oldest = next((r["started_at"] for r in self.records if r["outcome"] == "held"), None)
        return {"active": self.active, "started": self.started, "completed": self.completed,
                "client_closed": self.client_closed, "rejected": self.rejected, "time": now,
                "uptime_seconds": now - self.started_at, "oldest_active_started_at": oldest,
                "last_ended_at": self.last_ended_at, "streamed_chunks": 0, "streamed_bytes": 0}


def log(line):
    print(f"{time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime())}Z {line}")


def response(status, body, content_type="application/json"):
    payload = body.encode()
    head = (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n")
    return head.encode() + payload


async def read_request(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = dict((name.strip().lower(), value.strip())
                   for name, value in (line.split(":", 1) for line in lines[1:] if line))
    await reader.readexactly(int(headers.get("content-length", "0")))
    return method, target.split("?", 1)[0]


async def serve(reader, writer, ledger, hold):
    try:
        try:
            method, path = await read_request(reader)
        except (ValueError, asyncio.LimitOverrunError, asyncio.IncompleteReadError):
            ledger.rejected += 1
            writer.write(response("400 Bad Request", '{"error":"bad request"}'))
            return
        if path == API_PATH and method == "POST":
            record = ledger.start(method, path)
            try:
                # The client sends nothing more while it waits, so this read ends only at its EOF.
                await asyncio.wait_for(reader.read(1), hold)
                ledger.finish(record, "client_closed")
            except asyncio.TimeoutError:
                ledger.finish(record, "completed")
                answer = {"id": f"chatcmpl-{record['id']}", "object": "chat.completion",
                          "created": int(time.time()), "model": "gpt-4o",
                          "choices": [{"index": 0, "finish_reason": "stop",
                                       "message": {"role": "assistant", "content": "Hello!"}}]}
                writer.write(response("200 OK", json.dumps(answer)))
        elif path == "/stats" and method == "GET":
            writer.write(response("200 OK", json.dumps(ledger.stats())))
        elif path == "/requests" and method == "GET":
            writer.write(response("200 OK", json.dumps(ledger.records)))
        elif path == "/health" and method == "GET":
            writer.write(response("200 OK", '{"status":"ok"}'))
        else:
            ledger.rejected += 1
            writer.write(response("404 Not Found", '{"error":"not found"}'))
        await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def report_active(ledger, interval):
    while True:
        await asyncio.sleep(interval)
        log(f"Active requests: {ledger.active}")


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5001)
    parser.add_argument("--hold", type=float, default=3600)
    parser.add_argument("--status-interval", type=float, default=2)
    options = parser.parse_args()

    ledger = Ledger()
    server = await asyncio.start_server(
        lambda reader, writer: serve(reader, writer, ledger, options.hold),
        options.host, options.port, backlog=BACKLOG)
    log(f"asyncio backend listening on {options.host}:{options.port}, holding API requests {options.hold} s")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    if options.status_interval > 0:
        reporter = asyncio.create_task(report_active(ledger, options.status_interval))
    await stop.wait()
    if options.status_interval > 0:
        reporter.cancel()
    server.close()
    stats = ledger.stats()
    log(f"asyncio backend stopped: active={stats['active']} started={stats['started']} "
        f"completed={stats['completed']} client_closed={stats['client_closed']} rejected={stats['rejected']}")
    sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(main())
