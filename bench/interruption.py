"""How fast `lab run` stops when interrupted in each phase, and whether it prints only what is true.

Usage: python3 bench/interruption.py .build/release/lab [ROUNDS]

For each phase (and once LiteLLM's process has started), a `lab run` on ports it chooses is sent SIGINT,
then SIGTERM, the moment its events.jsonl says the phase started; prints one line per run: the phase, the
signal, the exit status, the seconds from the signal to the lab's exit, any line that would be false after
an interruption (a direct control or VERDICT line, an empty proxy log tail), and how many processes naming
the run's folder were left.
"""

import glob
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time

POINTS = ["direct_control", "install", "proxy_start", "process_started", "warm_up", "measure"]


def started(runs, point):
    for path in glob.glob(runs + "/*/events.jsonl"):
        with open(path) as file:
            for line in file:
                event = json.loads(line)
                if point == "process_started" and event.get("event") == "process_started":
                    return True
                if event.get("event") == "phase_started" and event.get("phase") == point:
                    return True
    return False


def measure(lab, point, sig):
    runs = tempfile.mkdtemp(prefix=f"interruption-{point}-")
    try:
        with open(runs + "/lab.out", "w") as out:
            arguments = [lab, "run", "--proxy-port", "0", "--backend-port", "0", "--runs-dir", runs + "/runs"]
            process = subprocess.Popen(arguments, stdout=out, stderr=subprocess.STDOUT)
            sent = None
            deadline = time.monotonic() + 120
            while sent is None and process.poll() is None and time.monotonic() < deadline:
                if started(runs + "/runs", point):
                    sent = time.monotonic()
                    process.send_signal(sig)
                else:
                    time.sleep(0.005)
            process.wait()
            elapsed = time.monotonic() - sent if sent is not None else None
        with open(runs + "/lab.out") as file:
            text = file.read()
        false = [
            line for line in text.splitlines()
            if "direct control: INCONCLUSIVE" in line or "VERDICT" in line
            or line.rstrip().endswith("last lines of proxy.log:")
        ]
        ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
        left = sum(1 for line in ps.splitlines() if runs in line)
        return process.returncode, elapsed, false, left
    finally:
        shutil.rmtree(runs, ignore_errors=True)


def main():
    lab = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    worst = 0.0
    for point in POINTS:
        for sig in (signal.SIGINT, signal.SIGTERM):
            for _ in range(rounds):
                status, elapsed, false, left = measure(lab, point, sig)
                worst = max(worst, elapsed or 0)
                shown = "not reached" if elapsed is None else f"{elapsed:.3f} s"
                print(
                    f"{point:16} {sig.name:8} exit {status:3}  stopped in {shown}"
                    f"  false lines: {len(false)}  processes left: {left}",
                    flush=True,
                )
    print(f"slowest stop: {worst:.3f} s")


if __name__ == "__main__":
    main()
