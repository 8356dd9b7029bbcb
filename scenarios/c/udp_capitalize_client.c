/* The capitalize UDP client of the lecture notes: reads one line from stdin,
 * sends it (newline included) as one datagram to the server, prints the
 * datagram that comes back as "FROM SERVER: ..." and closes. UDP does not
 * retransmit: with no reply within 5 seconds the client gives up.
 *
 * Usage: udp_capitalize_client HOST PORT < line
 * Exit status: 0 replied, 1 a call failed or no reply, 2 bad usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "sockets.h"

enum { REPLY_TIMEOUT_SECONDS = 5 };

/* Waits for the reply datagram and prints it. 0 or -1. */
static int print_reply(int fd) {
  struct timeval timeout = {.tv_sec = REPLY_TIMEOUT_SECONDS, .tv_usec = 0};
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) < 0) {
    perror("setsockopt SO_RCVTIMEO");
    return -1;
  }
  static char reply[65536];
  /* The first datagram to arrive is taken as the reply, whoever sent it;
   * connect() on the socket would make the kernel filter other senders. */
  ssize_t n;
  do {
    n = recvfrom(fd, reply, sizeof reply, 0, NULL, NULL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      fprintf(stderr, "no reply within %d s\n", REPLY_TIMEOUT_SECONDS);
    } else {
      perror("recvfrom");
    }
    return -1;
  }
  fputs("FROM SERVER: ", stdout);
  fwrite(reply, 1, (size_t)n, stdout);
  if (n == 0 || reply[n - 1] != '\n') putchar('\n');
  return 0;
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

  struct sockaddr_storage server;
  socklen_t server_len = 0;
  int fd = open_udp_client(argv[1], argv[2], &server, &server_len);
  if (fd < 0) {
    free(sentence);
    return EXIT_FAILURE;
  }
  int status = EXIT_SUCCESS;
  /* One sendto() is one datagram: it is sent whole or not at all. */
  if (sendto(fd, sentence, (size_t)length, 0, (struct sockaddr *)&server,
             server_len) < 0) {
    perror("sendto");
    status = EXIT_FAILURE;
  } else if (print_reply(fd) < 0) {
    status = EXIT_FAILURE;
  }
  if (close(fd) < 0) {
    perror("close");
    status = EXIT_FAILURE;
  }
  free(sentence);
  return status;
}
