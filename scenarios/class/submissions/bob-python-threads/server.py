#!/usr/bin/env python3
"""TCP capitalize server: one thread per client (socketserver).
Usage: ./server PORT"""
import socketserver
import sys


class Capitalize(socketserver.StreamRequestHandler):
    def handle(self):
        # One line at a time, until the client closes its side.
        for line in self.rfile:
            self.wfile.write(line.upper())


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


with Server(("", int(sys.argv[1])), Capitalize) as server:
    print("The server is ready to receive on port", sys.argv[1], flush=True)
    server.serve_forever()
