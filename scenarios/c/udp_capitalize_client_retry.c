/* The capitalize UDP client of the lecture notes, made robust to loss: UDP
 * does not retransmit, so the client does. It sends its line as one
 * datagram and waits up to TIMEOUT_MS for the reply; with none, it sends
 * the same datagram again, up to TRIES datagrams in all. The first datagram
 * to arrive is the reply (a late answer to an earlier attempt as good as any).
 * After the last attempt it gives up cleanly: one line on stderr, exit 1.
 *
 * Usage: udp_capitalize_client_retry HOST PORT [TRIES [TIMEOUT_MS]] < line
 *        (TRIES 1-100, default 5; TIMEOUT_MS 1-60000, default 1000)
 * stderr: "no reply within 1000 ms: sending again (attempt 2 of 5)" per retry;
 *         "no reply after 5 tries of 1000 ms each: giving up" at the end.
 * Exit status: 0 replied, 1 a call failed or no reply, 2 bad usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "sockets.h"

enum { DEFAULT_TRIES = 5, DEFAULT_TIMEOUT_MS = 1000 };

/* The integer in text if it is one in [min, max]; else prints so and
 * returns -1. */
static long parse_bounded(const char *what, const char *text, long min, long max) {
  char *end = NULL;
  errno = 0;
  long n = strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || n < min || n > max) {
    fprintf(stderr, "%s: expected an integer from %ld to %ld, got '%s'\n", what, min, max, text);
    return -1;
  }
  return n;
}

/* Waits up to the socket's receive timeout for a datagram and prints it.
 * 1 printed, 0 timed out, -1 error (reported). */
static int print_reply(int fd) {
  static char reply[65536];
  ssize_t n;
  do {
    n = recvfrom(fd, reply, sizeof reply, 0, NULL, NULL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    perror("recvfrom");
    return -1;
  }
  fputs("FROM SERVER: ", stdout);
  fwrite(reply, 1, (size_t)n, stdout);
  if (n == 0 || reply[n - 1] != '\n') putchar('\n');
  return 1;
}

/* Sends the line up to `tries` times, `timeout_ms` apart, until a reply
 * comes. EXIT_SUCCESS or EXIT_FAILURE. */
static int ask(int fd, const char *line, size_t length, const struct sockaddr_storage *server,
               socklen_t server_len, long tries, long timeout_ms) {
  struct timeval timeout = {.tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000};
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) < 0) {
    perror("setsockopt SO_RCVTIMEO");
    return EXIT_FAILURE;
  }
  for (long attempt = 1; attempt <= tries; ++attempt) {
    if (attempt > 1) {
      fprintf(stderr, "no reply within %ld ms: sending again (attempt %ld of %ld)\n", timeout_ms, attempt, tries);
    }
    if (sendto(fd, line, length, 0, (const struct sockaddr *)server, server_len) < 0) {
      perror("sendto");
      return EXIT_FAILURE;
    }
    int got = print_reply(fd);
    if (got < 0) return EXIT_FAILURE;
    if (got > 0) return EXIT_SUCCESS;
  }
  fprintf(stderr, "no reply after %ld tries of %ld ms each: giving up\n", tries, timeout_ms);
  return EXIT_FAILURE;
}

int main(int argc, char *argv[]) {
  if (argc < 3 || argc > 5 || !is_port(argv[2])) {
    fprintf(stderr, "usage: %s HOST PORT [TRIES [TIMEOUT_MS]] < line\n", argv[0]);
    return EXIT_USAGE;
  }
  long tries = argc > 3 ? parse_bounded("TRIES", argv[3], 1, 100) : DEFAULT_TRIES;
  long timeout_ms = argc > 4 ? parse_bounded("TIMEOUT_MS", argv[4], 1, 60000) : DEFAULT_TIMEOUT_MS;
  if (tries < 0 || timeout_ms < 0) return EXIT_USAGE;

  char *sentence = NULL;
  size_t capacity = 0;
  ssize_t length = getline(&sentence, &capacity, stdin);
  if (length < 0) {
    fprintf(stderr, "%s: no line on stdin\n", argv[0]);
    free(sentence);
    return EXIT_FAILURE;
  }
  struct sockaddr_storage server;
  socklen_t server_len = 0;
  int fd = open_udp_client(argv[1], argv[2], &server, &server_len);
  if (fd < 0) {
    free(sentence);
    return EXIT_FAILURE;
  }
  int status = ask(fd, sentence, (size_t)length, &server, server_len, tries, timeout_ms);
  if (close(fd) < 0) {
    perror("close");
    status = EXIT_FAILURE;
  }
  free(sentence);
  return status;
}
