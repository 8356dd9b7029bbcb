#include "sockets.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct addrinfo *resolve(const char *host, const char *port,
                                int socktype, int flags) {
  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC; /* IPv4 or IPv6, whichever host is */
  hints.ai_socktype = socktype;
  hints.ai_flags = flags | AI_NUMERICSERV;
  struct addrinfo *addresses = NULL;
  int rc = getaddrinfo(host, port, &hints, &addresses);
  if (rc != 0) {
    fprintf(stderr, "getaddrinfo %s port %s: %s\n", host, port,
            gai_strerror(rc));
    return NULL;
  }
  return addresses;
}

static int bind_and_listen(const struct addrinfo *address, int backlog) {
  int fd = socket(address->ai_family, address->ai_socktype,
                  address->ai_protocol);
  if (fd < 0) {
    perror("socket");
    return -1;
  }
  /* Lets a restarted server bind its port while connections of the previous
   * run are still in TIME_WAIT. */
  int on = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0) {
    perror("setsockopt SO_REUSEADDR");
  } else if (bind(fd, address->ai_addr, address->ai_addrlen) < 0) {
    perror("bind");
  } else if (address->ai_socktype == SOCK_STREAM && listen(fd, backlog) < 0) {
    perror("listen");
  } else {
    return fd;
  }
  close(fd);
  return -1;
}

int open_server_socket(const char *host, const char *port, int socktype) {
  return open_server_socket_backlog(host, port, socktype, DEFAULT_BACKLOG);
}

int open_server_socket_backlog(const char *host, const char *port,
                               int socktype, int backlog) {
  struct addrinfo *addresses = resolve(host, port, socktype, AI_PASSIVE);
  if (addresses == NULL) return -1;
  int fd = -1;
  for (const struct addrinfo *a = addresses; a != NULL && fd < 0;
       a = a->ai_next) {
    fd = bind_and_listen(a, backlog);
  }
  freeaddrinfo(addresses);
  return fd;
}

int connect_tcp(const char *host, const char *port) {
  struct addrinfo *addresses = resolve(host, port, SOCK_STREAM, 0);
  if (addresses == NULL) return -1;
  int fd = -1;
  for (const struct addrinfo *a = addresses; a != NULL && fd < 0;
       a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) {
      perror("socket");
    } else if (connect(fd, a->ai_addr, a->ai_addrlen) < 0) {
      perror("connect");
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(addresses);
  return fd;
}

int open_udp_client(const char *host, const char *port,
                    struct sockaddr_storage *server, socklen_t *server_len) {
  struct addrinfo *addresses = resolve(host, port, SOCK_DGRAM, 0);
  if (addresses == NULL) return -1;
  int fd = socket(addresses->ai_family, addresses->ai_socktype,
                  addresses->ai_protocol);
  if (fd < 0) {
    perror("socket");
  } else {
    memcpy(server, addresses->ai_addr, addresses->ai_addrlen);
    *server_len = addresses->ai_addrlen;
  }
  freeaddrinfo(addresses);
  return fd;
}

int announce_ready(int server_socket) {
  struct sockaddr_storage local;
  socklen_t len = sizeof local;
  if (getsockname(server_socket, (struct sockaddr *)&local, &len) < 0) {
    perror("getsockname");
    return -1;
  }
  char port[16]; /* "65535" fits; NI_MAXSERV is not POSIX */
  int rc = getnameinfo((struct sockaddr *)&local, len, NULL, 0, port,
                       sizeof port, NI_NUMERICSERV);
  if (rc != 0) {
    fprintf(stderr, "getnameinfo: %s\n", gai_strerror(rc));
    return -1;
  }
  /* stdout is a pipe under a harness, so flush: the line must not sit in
   * the buffer while the server blocks in accept(). */
  printf("The server is ready to receive on port %s\n", port);
  return fflush(stdout) == 0 ? 0 : -1;
}

int write_all(int fd, const void *buf, size_t len) {
  const char *next = buf;
  while (len > 0) {
    ssize_t sent = send(fd, next, len, MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    next += sent;
    len -= (size_t)sent;
  }
  return 0;
}

int is_port(const char *text) {
  char *end = NULL;
  errno = 0;
  long port = strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || port < 0 || port > 65535) {
    fprintf(stderr, "not a port number: %s\n", text);
    return 0;
  }
  return 1;
}

int is_backlog(const char *text) {
  char *end = NULL;
  errno = 0;
  long backlog = strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || backlog < 1 ||
      backlog > 65535) {
    fprintf(stderr, "not a listen backlog (1-65535): %s\n", text);
    return 0;
  }
  return 1;
}
