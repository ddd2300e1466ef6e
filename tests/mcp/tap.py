"""Runs a command and records its standard streams while relaying them: every byte the
client sends (DIR/to_server), every byte the server answers (DIR/from_server), and what
the server writes on stderr (DIR/stderr). For the tests' canary sweep over the whole MCP
traffic, both directions.

Usage: tap.py DIR COMMAND [ARG...]; exits with the command's code.
"""
import os
import subprocess
import sys
import threading


def pump(src, dst, log_path, close_dst):
    with open(log_path, "ab") as log:
        while True:
            chunk = os.read(src.fileno(), 65536)
            if not chunk:
                break
            log.write(chunk)
            log.flush()
            try:
                dst.write(chunk)
                dst.flush()
            except (BrokenPipeError, ValueError):
                pass
    if close_dst:
        try:
            dst.close()
        except OSError:
            pass


def main():
    out_dir, cmd = sys.argv[1], sys.argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    child = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    threads = [
        threading.Thread(target=pump, args=(sys.stdin.buffer, child.stdin, os.path.join(out_dir, "to_server"), True),
                         daemon=True),
        threading.Thread(target=pump, args=(child.stdout, sys.stdout.buffer, os.path.join(out_dir, "from_server"), False)),
        threading.Thread(target=pump, args=(child.stderr, sys.stderr.buffer, os.path.join(out_dir, "stderr"), False)),
    ]
    for t in threads:
        t.start()
    code = child.wait()
    for t in threads[1:]:
        t.join()
    sys.exit(code)


if __name__ == "__main__":
    main()
