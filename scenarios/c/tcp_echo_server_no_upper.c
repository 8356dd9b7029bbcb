/* DELIBERATELY BROKEN: the iterative capitalize server with the capitalize
 * step forgotten. It reads the line properly, then sends it back exactly as
 * received. Everything else on the wire (handshake, one reply, server closes
 * first with FIN) is right; only the reply's bytes are wrong.
 *
 * Usage: tcp_echo_server_no_upper PORT [HOST]   (HOST: 127.0.0.1) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "line_reader.h"
#include "sockets.h"

static void echo_line(int connection) {
  struct line_reader reader;
  line_reader_init(&reader, connection);
  char line[8192];
  ssize_t n = read_line(&reader, line, sizeof line);
  if (n < 0) {
    perror("recv");
    return;
  }
  /* THE BUG: no capitalize(line, n) before sending. */
  if (write_all(connection, line, (size_t)n) < 0) perror("send");
}

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
    echo_line(connection);
    if (close(connection) < 0) perror("close");
  }
}
