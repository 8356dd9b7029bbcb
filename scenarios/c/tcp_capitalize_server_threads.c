/* The capitalize TCP server, concurrent with one thread per client: the main
 * thread only accepts; each delegate socket goes to a new detached thread,
 * which answers one line and closes it.
 *
 * Usage: tcp_capitalize_server_threads PORT [HOST]   (HOST: 127.0.0.1) */
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
  pthread_t thread;
  int rc = pthread_create(&thread, NULL, serve_client, argument);
  if (rc != 0) { /* pthread functions return the error, errno is unset */
    fprintf(stderr, "pthread_create: %s\n", strerror(rc));
    free(argument);
    close(connection);
    return;
  }
  /* Nobody joins it: its resources go back when it returns. */
  rc = pthread_detach(thread);
  if (rc != 0) fprintf(stderr, "pthread_detach: %s\n", strerror(rc));
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
    start_client_thread(connection);
  }
}
