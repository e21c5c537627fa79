#!/usr/bin/python3
"""A real SMTP server for the tests (Debian's python3-aiosmtpd): accepts every message on 127.0.0.1 and writes each
one, as received, to OUT_DIR as <n>.eml (written under a temporary name, then renamed, so a reader never sees half a
message). Prints "LISTENING <port>" once it accepts connections; stops when stdin closes (the test ended or died).

Usage: smtp_sink.py PORT OUT_DIR
"""
import os
import socket
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        name = os.path.join(self.out_dir, f"{n:05d}.eml")
        with open(name + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(name + ".tmp", name)
        return f"250 OK queued as sink-{n}"


def main():
    port = int(sys.argv[1])
    out_dir = sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    if port == 0:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    controller = Controller(Sink(out_dir), hostname="127.0.0.1", port=port, decode_data=False)
    controller.start()
    print(f"LISTENING {port}", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
