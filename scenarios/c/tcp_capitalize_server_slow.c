/* The iterative capitalize TCP server with work to do: after reading a
 * client's line it spends WORK_MS (a sleep standing in for a slow
 * computation) before it answers, then closes and accepts the next client.
 * One client at a time, so five clients that connect together are answered
 * WORK_MS apart, and the last waits five times WORK_MS for its reply: an
 * iterative server, visible in the times of its replies (expect.replies_apart,
 * expect.reply_delay).
 *
 * Usage: tcp_capitalize_server_slow PORT [HOST [WORK_MS]]
 *        (HOST 127.0.0.1, WORK_MS 300, from 0 to 60000) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "capitalize.h"
#include "sockets.h"

enum { DEFAULT_WORK_MS = 300, MAX_WORK_MS = 60000 };

/* Sleeps ms milliseconds in full, across signals. */
static void work(long ms) {
  struct timespec left = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
  while (nanosleep(&left, &left) < 0 && errno == EINTR) {
  }
}

/* Reads one line, works, answers it upper-cased. -1 on error (reported). */
static int serve(int connection, long work_ms) {
  struct line_reader reader;
  line_reader_init(&reader, connection);
  char line[8192];
  ssize_t n = read_line(&reader, line, sizeof line);
  if (n < 0) {
    perror("recv");
    return -1;
  }
  if (n == 0) return 0; /* the client sent nothing */
  work(work_ms);
  capitalize(line, (size_t)n);
  if (write_all(connection, line, (size_t)n) < 0) {
    perror("send");
    return -1;
  }
  return 0;
}

int main(int argc, char *argv[]) {
  if (argc < 2 || argc > 4 || !is_port(argv[1])) {
    fprintf(stderr, "usage: %s PORT [HOST [WORK_MS]]\n", argv[0]);
    return EXIT_USAGE;
  }
  const char *host = argc >= 3 ? argv[2] : DEFAULT_SERVER_HOST;
  long work_ms = DEFAULT_WORK_MS;
  if (argc == 4) {
    char *end = NULL;
    work_ms = strtol(argv[3], &end, 10);
    if (end == argv[3] || *end != '\0' || work_ms < 0 || work_ms > MAX_WORK_MS) {
      fprintf(stderr, "WORK_MS: expected an integer from 0 to %d, got '%s'\n", MAX_WORK_MS, argv[3]);
      return EXIT_USAGE;
    }
  }
  int welcome = open_server_socket(host, argv[1], SOCK_STREAM);
  if (welcome < 0 || announce_ready(welcome) < 0) return EXIT_FAILURE;

  for (;;) {
    int connection = accept(welcome, NULL, NULL);
    if (connection < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      perror("accept");
      return EXIT_FAILURE;
    }
    serve(connection, work_ms); /* a failure is reported; serve the next client */
    if (close(connection) < 0) perror("close");
  }
}
