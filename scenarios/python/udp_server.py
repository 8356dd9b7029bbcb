#!/usr/bin/env python3
"""The capitalize UDP server of the lecture notes: one datagram socket for
every client; each datagram goes back upper-cased (ASCII letters), the same
length, to the address and port it came from.
Usage: udp_server.py PORT [HOST]   (HOST: 127.0.0.1; PORT 0: the kernel picks)"""
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
host = sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1"
family = socket.AF_INET6 if ":" in host else socket.AF_INET

with socket.socket(family, socket.SOCK_DGRAM) as server:
    server.bind((host, port))
    port = server.getsockname()[1]
    print(f"The server is ready to receive on port {port}", flush=True)
    while True:
        message, client_address = server.recvfrom(65535)
        try:
            server.sendto(message.upper(), client_address)
        except OSError as error:  # lose this reply, serve the next datagram
            print(f"udp_server.py: {client_address}: {error}", file=sys.stderr)
