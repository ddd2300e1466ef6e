#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal and answers its prompts, like a person at a terminal.

Usage: drive.py SCRIPT.json -- COMMAND [ARGS...]
SCRIPT.json is a list of [expected_text, keys_to_send]; keys may hold \\r (Enter),
\\x1b[B (arrow down) and so on. Everything the terminal showed is written to stdout,
and the command's exit code becomes ours. Each expectation waits at most 15 seconds.
"""
import json
import os
import pty
import select
import sys
import time


def main():
    sep = sys.argv.index("--")
    script = json.load(open(sys.argv[1]))
    cmd = sys.argv[sep + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm"
        os.environ.pop("NO_COLOR", None)
        os.execvp(cmd[0], cmd)
    seen = b""

    def read(timeout):
        nonlocal seen
        r, _, _ = select.select([fd], [], [], timeout)
        if not r:
            return False
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return None
        if not chunk:
            return None
        seen += chunk
        return True

    for expected, keys in script:
        deadline = time.time() + 15
        start = len(seen)
        while expected.encode() not in seen[start - 200 if start > 200 else 0:]:
            if time.time() > deadline or read(0.2) is None:
                sys.stdout.write(seen.decode(errors="replace"))
                sys.stderr.write(f"\ndrive.py: never saw {expected!r}\n")
                sys.exit(99)
        time.sleep(0.05)
        os.write(fd, keys.encode())
    while read(5):
        pass
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(seen.decode(errors="replace"))
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
