/* The capitalize TCP server, concurrent with one thread per client: the main
 * thread only accepts; each delegate socket goes to a new detached thread,
 * which answers one line and closes it.
 *
 * Each thread gets a 256 KiB stack instead of the default 8 MiB: a thousand
 * clients at once would otherwise reserve 8 GiB of address space, past a
 * typical limit, and pthread_create() would fail with EAGAIN.
 *
 * Usage: tcp_capitalize_server_threads PORT [HOST [BACKLOG]]
 *        (HOST: 127.0.0.1, BACKLOG: the listen backlog, 5) */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "capitalize.h"
#include "sockets.h"

/* The thread's argument: a heap copy of the descriptor, which the thread
 * owns and frees (a pointer to main's variable would race with the next
 * accept()). */
static void *serve_client(void *argument) {
  int connection = *(int *)argument;
  free(argument);
  struct line_reader reader;
  line_reader_init(&reader, connection);
  answer_line(&reader);
  if (close(connection) < 0) perror("close");
  return NULL;
}

static void start_client_thread(int connection) {
  int *argument = malloc(sizeof *argument);
  if (argument == NULL) {
    perror("malloc");
    close(connection);
    return;
  }
  *argument = connection;
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, 256 * 1024);
  /* Nobody joins it: its resources go back when it returns. */
  pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  int rc = pthread_create(&thread, &attributes, serve_client, argument);
  pthread_attr_destroy(&attributes);
  if (rc != 0) { /* pthread functions return the error, errno is unset */
    fprintf(stderr, "pthread_create: %s\n", strerror(rc));
    free(argument);
    close(connection);
    return;
  }
}

int main(int argc, char *argv[]) {
  if (argc < 2 || argc > 4 || !is_port(argv[1]) ||
      (argc == 4 && !is_backlog(argv[3]))) {
    fprintf(stderr, "usage: %s PORT [HOST [BACKLOG]]\n", argv[0]);
    return EXIT_USAGE;
  }
  const char *host = argc >= 3 ? argv[2] : DEFAULT_SERVER_HOST;
  int backlog = argc == 4 ? atoi(argv[3]) : DEFAULT_BACKLOG;
  int welcome = open_server_socket_backlog(host, argv[1], SOCK_STREAM, backlog);
  if (welcome < 0 || announce_ready(welcome) < 0) return EXIT_FAILURE;

  for (;;) {
    int connection = accept(welcome, NULL, NULL);
    if (connection < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      perror("accept");
      return EXIT_FAILURE;
    }
    start_client_thread(connection);
  }
}
