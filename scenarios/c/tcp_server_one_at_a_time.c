/* DELIBERATELY BROKEN as a concurrent server: an iterative server that keeps
 * each client for a whole session. It answers every line the client sends,
 * upper-cased, until the client closes; only then does it accept() the next
 * client. Each answer is right, but the client closes first, and while one
 * client holds its connection open the others are queued by the kernel
 * (their handshakes complete: backlog 5) and their lines wait unanswered.
 *
 * Usage: tcp_server_one_at_a_time PORT [HOST]   (HOST: 127.0.0.1) */
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
      if (errno == EINTR || errno == ECONNABORTED) continue;
      perror("accept");
      return EXIT_FAILURE;
    }
    struct line_reader reader;
    line_reader_init(&reader, connection);
    /* THE BUG: serve this client until it closes, not for one line. */
    while (answer_line(&reader) == 1) {
    }
    if (close(connection) < 0) perror("close");
  }
}
