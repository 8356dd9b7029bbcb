/* The capitalize TCP client of the lecture notes: reads one line from stdin,
 * connects to the server, sends the line, prints the reply line as
 * "FROM SERVER: ..." and closes.
 *
 * One addition to the slide: after the reply it waits, at most half a second,
 * for the server to close first. A client that closes as soon as it has the
 * line races the server's close(), and either FIN may go first; waiting
 * makes the order on the wire the server's doing. Bytes after the reply line
 * are drained (and counted on stderr), so the client never closes with
 * unread data, which would make its kernel send RST.
 *
 * Usage: tcp_capitalize_client HOST PORT < line
 * Exit status: 0 replied, 1 a call failed or no reply, 2 bad usage. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "line_reader.h"
#include "sockets.h"

enum { CLOSE_WAIT_MS = 500 };

/* Reads until the server closes, for at most CLOSE_WAIT_MS, and returns the
 * number of bytes that came after the reply line (already_read of them were
 * buffered by the line reader), or -1 on error. */
static long wait_for_server_close(int server, size_t already_read) {
  long extra = (long)already_read;
  char scratch[4096];
  for (;;) {
    struct pollfd ready = {.fd = server, .events = POLLIN, .revents = 0};
    int rc = poll(&ready, 1, CLOSE_WAIT_MS);
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) {
      perror("poll");
      return -1;
    }
    if (rc == 0) return extra; /* the server keeps the connection: close */
    ssize_t n = recv(server, scratch, sizeof scratch, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      perror("recv");
      return -1;
    }
    if (n == 0) return extra; /* the server's FIN */
    extra += n;
  }
}

/* Prints the reply up to its newline, however many segments carry it, then
 * waits for the server to close. Returns the number of bytes printed (0: the
 * server closed without a reply), or -1 on error. */
static long print_reply(int server) {
  struct line_reader reader;
  line_reader_init(&reader, server);
  char reply[4096];
  long printed = 0;
  int complete = 0;
  while (!complete) {
    ssize_t n = read_line(&reader, reply, sizeof reply);
    if (n < 0) {
      if (printed > 0) putchar('\n'); /* end the partial reply's line */
      perror("recv");
      return -1;
    }
    if (n == 0) break; /* the server closed before a newline */
    if (printed == 0) fputs("FROM SERVER: ", stdout);
    fwrite(reply, 1, (size_t)n, stdout);
    printed += n;
    complete = reply[n - 1] == '\n';
  }
  if (printed == 0) return 0;
  if (!complete) {
    putchar('\n');
    return printed; /* the server has closed already */
  }
  long extra = wait_for_server_close(server, reader.end - reader.start);
  if (extra < 0) return -1;
  if (extra > 0) {
    fprintf(stderr, "tcp_capitalize_client: %ld more bytes after the reply line\n",
            extra);
  }
  return printed;
}

int main(int argc, char *argv[]) {
  if (argc != 3 || !is_port(argv[2])) {
    fprintf(stderr, "usage: %s HOST PORT < line\n", argv[0]);
    return EXIT_USAGE;
  }
  char *sentence = NULL;
  size_t capacity = 0;
  ssize_t length = getline(&sentence, &capacity, stdin);
  if (length < 0) {
    fprintf(stderr, "%s: no line on stdin\n", argv[0]);
    free(sentence);
    return EXIT_FAILURE;
  }

  int server = connect_tcp(argv[1], argv[2]);
  if (server < 0) {
    free(sentence);
    return EXIT_FAILURE;
  }
  int status = EXIT_SUCCESS;
  if (write_all(server, sentence, (size_t)length) < 0) {
    perror("send");
    status = EXIT_FAILURE;
  } else {
    long printed = print_reply(server);
    if (printed == 0) {
      fprintf(stderr, "%s: the server closed without replying\n", argv[0]);
    }
    if (printed <= 0) status = EXIT_FAILURE;
  }
  if (close(server) < 0) {
    perror("close");
    status = EXIT_FAILURE;
  }
  free(sentence);
  return status;
}
