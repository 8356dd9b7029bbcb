#!/usr/bin/env python3
"""The capitalize TCP client of the lecture notes: reads a line from stdin,
sends it to the server, prints the reply.  Usage: tcp_client.py HOST PORT
Exit status: 0 replied, 1 no line on stdin, no reply or a socket error.

After the reply it waits, at most half a second, for the server to close
first (like tcp_capitalize_client.c): closing at once would race the
server's close() for which FIN goes first."""
import socket
import sys

host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
port = int(sys.argv[2]) if len(sys.argv) > 2 else 6789
sentence = sys.stdin.buffer.readline()
if not sentence:
    sys.exit("tcp_client.py: no line on stdin")
family = socket.AF_INET6 if ":" in host else socket.AF_INET

try:
    with socket.socket(family, socket.SOCK_STREAM) as client:
        client.connect((host, port))
        client.sendall(sentence)
        with client.makefile("rb") as reader:
            reply = reader.readline()
            extra = 0
            client.settimeout(0.5)
            try:
                while chunk := reader.read1(4096):  # b"": the server's FIN
                    extra += len(chunk)
            except TimeoutError:
                pass  # the server keeps the connection open: close anyway
except OSError as error:
    sys.exit(f"tcp_client.py: {error}")
if not reply:
    sys.exit("tcp_client.py: the server closed without replying")
if extra:
    print(f"tcp_client.py: {extra} more bytes after the reply line", file=sys.stderr)
sys.stdout.buffer.write(b"FROM SERVER: " + reply + (b"" if reply.endswith(b"\n") else b"\n"))
