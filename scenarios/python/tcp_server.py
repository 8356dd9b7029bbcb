#!/usr/bin/env python3
"""The capitalize TCP server of the lecture notes: an iterative server that
accepts one client at a time on its welcome socket, reads a line, and sends
it back in upper case (ASCII letters), then closes first.
Usage: tcp_server.py PORT [HOST]   (HOST: 127.0.0.1; PORT 0: the kernel picks)"""
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 6789
host = sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1"
family = socket.AF_INET6 if ":" in host else socket.AF_INET

with socket.socket(family, socket.SOCK_STREAM) as welcome:
    welcome.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    welcome.bind((host, port))
    welcome.listen(5)
    port = welcome.getsockname()[1]
    print(f"The server is ready to receive on port {port}", flush=True)
    while True:
        connection, address = welcome.accept()
        # The file object holds its own reference to the socket: close both,
        # or the FIN waits until the garbage collector runs.
        with connection, connection.makefile("rb") as reader:
            try:
                sentence = reader.readline()
                connection.sendall(sentence.upper())
            except OSError as error:  # one client's reset must not stop us
                print(f"tcp_server.py: {address}: {error}", file=sys.stderr)
