/* DELIBERATELY BROKEN: a capitalize server that trusts one recv() into a
 * small buffer to hold the whole request. It reads at most 8 bytes, answers
 * them upper-cased (without a newline) and closes. When the client sent more
 * than 8 bytes, the rest is still unread in the socket's receive buffer, and
 * closing a TCP socket with unread data makes the kernel abort the
 * connection: it sends RST instead of FIN (RFC 2525, section 2.17), and the
 * client may see "Connection reset by peer".
 *
 * Usage: tcp_server_unread_close PORT [HOST]   (HOST: 127.0.0.1) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "capitalize.h"
#include "sockets.h"

static void answer_first_bytes(int connection) {
  char sentence[8];
  /* THE BUG: one recv(), as if a request always arrived whole and short. */
  ssize_t n = recv(connection, sentence, sizeof sentence, 0);
  if (n < 0) {
    perror("recv");
    return;
  }
  capitalize(sentence, (size_t)n);
  if (write_all(connection, sentence, (size_t)n) < 0) perror("send");
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
    answer_first_bytes(connection);
    if (close(connection) < 0) perror("close"); /* unread data: RST */
  }
}
