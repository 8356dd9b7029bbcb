/* The socket calls every capitalize program in this folder shares, written
 * once so that each program shows only what makes it different.
 *
 * Addresses go through getaddrinfo(), so every program speaks IPv4 and IPv6
 * alike: "127.0.0.1", "::1" or a host name. On failure each function prints
 * what failed on stderr (perror or gai_strerror) and returns -1; the caller
 * decides the exit code. */
#ifndef SCENARIOS_C_SOCKETS_H
#define SCENARIOS_C_SOCKETS_H

#include <stddef.h>
#include <sys/socket.h>

/* Exit codes of every program: EXIT_FAILURE (1) a call failed, EXIT_USAGE
 * (2) a bad command line. */
enum { EXIT_USAGE = 2 };

/* The address a server binds when its command line names none. */
#define DEFAULT_SERVER_HOST "127.0.0.1"

/* The classic listen backlog of the lecture programs. */
#define DEFAULT_BACKLOG 5

/* A bound socket of `socktype` (SOCK_STREAM or SOCK_DGRAM) on host:port with
 * SO_REUSEADDR set; a stream socket also listens (backlog DEFAULT_BACKLOG),
 * becoming the welcome socket. Port "0" lets the kernel choose. */
int open_server_socket(const char *host, const char *port, int socktype);

/* The same with the listen backlog given: how many finished handshakes the
 * kernel queues for accept(). While the queue is full, new SYNs are dropped
 * and the clients retry after 1 s, 3 s, 7 s... so a burst of clients needs
 * room. */
int open_server_socket_backlog(const char *host, const char *port,
                               int socktype, int backlog);

/* 1 if `text` is a listen backlog (1-65535); else prints so and returns 0. */
int is_backlog(const char *text);

/* A TCP socket connected to host:port, trying each address in turn. */
int connect_tcp(const char *host, const char *port);

/* An unbound UDP socket for talking to host:port, whose address it stores in
 * *server (the kernel picks the client's port at the first sendto()). */
int open_udp_client(const char *host, const char *port,
                    struct sockaddr_storage *server, socklen_t *server_len);

/* Prints "The server is ready to receive on port N" on stdout, with the port
 * the socket is really bound to, and flushes it. */
int announce_ready(int server_socket);

/* Writes all of buf, looping on partial writes and EINTR. Never raises
 * SIGPIPE: a peer that has gone away is an EPIPE error. 0 or -1 (errno set,
 * nothing printed). */
int write_all(int fd, const void *buf, size_t len);

/* 1 if `text` is a port number (0-65535); else prints so and returns 0. */
int is_port(const char *text);

#endif
