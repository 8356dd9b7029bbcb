/* The capitalize TCP server of the lecture notes, iterative: one welcome
 * socket, and one client at a time on the delegate socket that accept()
 * returns. Each client sends one line and gets it back in upper case; the
 * server closes first, then accepts the next client.
 *
 * Usage: tcp_capitalize_server_iterative PORT [HOST]   (HOST: 127.0.0.1) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "capitalize.h"
#include "sockets.h"

int main(int argc, char *argv[]) {
  if (argc < 2 || argc > 3 || !is_port(argv[1])) {
    fprintf(stderr, "usage: %s PORT [HOST]\n", argv[0]);
    return EXIT_USAGE;
  }
  const char *host = argc == 3 ? argv[2] : DEFAULT_SERVER_HOST;
  int welcome = open_server_socket(host, argv[1], SOCK_STREAM);
  if (welcome < 0 || announce_ready(welcome) < 0) return EXIT_FAILURE;

  for (;;) {
    int connection = accept(welcome, NULL, NULL);
    if (connection < 0) {
      /* A client that gave up while queued is its problem, not ours. */
      if (errno == EINTR || errno == ECONNABORTED) continue;
      perror("accept");
      return EXIT_FAILURE;
    }
    struct line_reader reader;
    line_reader_init(&reader, connection);
    answer_line(&reader); /* a failure is reported; serve the next client */
    if (close(connection) < 0) perror("close");
  }
}
