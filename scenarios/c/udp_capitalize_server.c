/* The capitalize UDP server of the lecture notes: one datagram socket for
 * every client. Each datagram received is sent back upper-cased, byte for
 * byte the same length, to the address and port it came from. No connection,
 * no handshake, no close: one datagram in, one datagram out.
 *
 * Usage: udp_capitalize_server PORT [HOST]   (HOST: 127.0.0.1) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "capitalize.h"
#include "sockets.h"

int main(int argc, char *argv[]) {
  if (argc < 2 || argc > 3 || !is_port(argv[1])) {
    fprintf(stderr, "usage: %s PORT [HOST]\n", argv[0]);
    return EXIT_USAGE;
  }
  const char *host = argc == 3 ? argv[2] : DEFAULT_SERVER_HOST;
  int server = open_server_socket(host, argv[1], SOCK_DGRAM);
  if (server < 0 || announce_ready(server) < 0) return EXIT_FAILURE;

  static char datagram[65536]; /* the largest UDP payload fits */
  for (;;) {
    struct sockaddr_storage client;
    socklen_t client_len = sizeof client;
    ssize_t n = recvfrom(server, datagram, sizeof datagram, 0,
                         (struct sockaddr *)&client, &client_len);
    if (n < 0) {
      if (errno == EINTR) continue;
      perror("recvfrom");
      return EXIT_FAILURE;
    }
    capitalize(datagram, (size_t)n);
    /* Answer exactly the n bytes received, not the whole buffer. */
    if (sendto(server, datagram, (size_t)n, 0, (struct sockaddr *)&client,
               client_len) < 0) {
      perror("sendto"); /* this client is lost; serve the next datagram */
    }
  }
}
