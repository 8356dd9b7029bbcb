/* DELIBERATELY BROKEN: the capitalize server of the lecture's C slide, which
 * ends with write(connectionSocket, clientSentence, MAXLINE). It reads and
 * upper-cases the line properly, then sends the whole 1024-byte buffer: the
 * line, then whatever the buffer held after it. The buffer is shared by all
 * clients and starts zeroed, so the first reply is the line and NUL bytes;
 * a later, shorter line comes back followed by the tail of the longer lines
 * before it.
 *
 * Usage: tcp_server_whole_buffer PORT [HOST]   (HOST: 127.0.0.1) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "capitalize.h"
#include "sockets.h"

enum { MAX_LINE = 1024 };

static char sentence[MAX_LINE];

static void answer_with_whole_buffer(int connection) {
  struct line_reader reader;
  line_reader_init(&reader, connection);
  ssize_t n = read_line(&reader, sentence, sizeof sentence);
  if (n < 0) {
    perror("recv");
    return;
  }
  capitalize(sentence, (size_t)n);
  /* THE BUG: sizeof sentence (1024) bytes go out, not the n that were read. */
  if (write_all(connection, sentence, sizeof sentence) < 0) perror("send");
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
    answer_with_whole_buffer(connection);
    if (close(connection) < 0) perror("close");
  }
}
