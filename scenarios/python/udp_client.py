#!/usr/bin/env python3
"""The capitalize UDP client of the lecture notes: reads a line from stdin,
sends it (newline included) as one datagram, prints the reply datagram.
UDP does not retransmit: with no reply within 5 seconds it gives up.
Usage: udp_client.py HOST PORT
Exit status: 0 replied, 1 no line on stdin, no reply or a socket error."""
import socket
import sys

host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
port = int(sys.argv[2]) if len(sys.argv) > 2 else 12000
message = sys.stdin.buffer.readline()
if not message:
    sys.exit("udp_client.py: no line on stdin")
family = socket.AF_INET6 if ":" in host else socket.AF_INET

try:
    with socket.socket(family, socket.SOCK_DGRAM) as client:
        client.settimeout(5)
        client.sendto(message, (host, port))
        reply, server_address = client.recvfrom(65535)
except socket.timeout:
    sys.exit("udp_client.py: no reply within 5 s")
except OSError as error:
    sys.exit(f"udp_client.py: {error}")
sys.stdout.buffer.write(b"FROM SERVER: " + reply + (b"" if reply.endswith(b"\n") else b"\n"))
