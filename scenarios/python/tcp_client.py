#!/usr/bin/env python3
"""The capitalize TCP client of the lecture notes: reads a line from stdin,
sends it to the server, prints the reply.  Usage: tcp_client.py HOST PORT"""
import socket
import sys

host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
port = int(sys.argv[2]) if len(sys.argv) > 2 else 6789
sentence = sys.stdin.readline()
family = socket.AF_INET6 if ":" in host else socket.AF_INET

with socket.socket(family, socket.SOCK_STREAM) as client:
    client.connect((host, port))
    client.sendall(sentence.encode())
    with client.makefile("rb") as reader:
        reply = reader.readline()
    print("FROM SERVER:", reply.decode(), end="")
