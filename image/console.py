#!/usr/bin/python3
"""The image test's hands on the emulated board (Debian's /usr/bin/python3, standard library only).

  console.py serial SOCKET LOG FIFO   the board's serial console: reads QEMU's chardev socket continuously into LOG
                                      (so the guest never blocks on a full buffer) and types each line written to
                                      FIFO, followed by Enter (CR, as a terminal sends it). Runs until QEMU closes the
                                      socket.
  console.py monitor SOCKET COMMAND   one HMP command on QEMU's monitor socket; prints the monitor's answer.
"""
import os
import socket
import sys
import threading
import time


def connect(path, timeout=30.0):
    deadline = time.monotonic() + timeout
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def serial(path, log_path, fifo_path):
    s = connect(path)
    with open(log_path, "ab", buffering=0) as log:
        def typing():
            # Reopened after each writer closes it, so every `echo … > FIFO` is one batch of lines.
            while True:
                with open(fifo_path, "rb") as fifo:
                    for line in fifo:
                        for ch in line.rstrip(b"\r\n") + b"\r":
                            # One byte at a time, as a person types: the guest's 16-byte UART FIFO overflows
                            # otherwise and characters are lost.
                            s.sendall(bytes([ch]))
                            time.sleep(0.005)
        threading.Thread(target=typing, daemon=True).start()
        while True:
            data = s.recv(4096)
            if not data:
                return 0
            log.write(data)


def monitor(path, command):
    s = connect(path, timeout=5.0)
    s.settimeout(5.0)
    out = b""

    def until_prompt():
        nonlocal out
        while not out.endswith(b"(qemu) "):
            chunk = s.recv(4096)
            if not chunk:
                break
            out += chunk

    until_prompt()
    out = b""
    s.sendall(command.encode() + b"\n")
    try:
        until_prompt()
    except socket.timeout:
        pass
    text = out.decode(errors="replace").replace("\r", "")
    # The monitor echoes the command (with terminal escapes) before its answer.
    lines = [l for l in text.split("\n") if l and not l.startswith("(qemu)") and command not in l]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "serial":
        sys.exit(serial(sys.argv[2], sys.argv[3], sys.argv[4]))
    if len(sys.argv) == 4 and sys.argv[1] == "monitor":
        sys.exit(monitor(sys.argv[2], sys.argv[3]))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
