/* The capitalize TCP server, concurrent with one process per client: the
 * parent only accepts; each delegate socket goes to a child made by fork(),
 * which answers one line, closes and exits. The parent reaps its children on
 * SIGCHLD, so none is left a zombie.
 *
 * Usage: tcp_capitalize_server_fork PORT [HOST]   (HOST: 127.0.0.1) */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "capitalize.h"
#include "sockets.h"

static void reap_children(int signal_number) {
  (void)signal_number;
  int saved_errno = errno; /* waitpid() must not clobber main's errno */
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  errno = saved_errno;
}

static int install_reaper(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = reap_children;
  sigemptyset(&action.sa_mask);
  /* SA_RESTART: accept() resumes after a child's exit instead of failing. */
  action.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  if (sigaction(SIGCHLD, &action, NULL) < 0) {
    perror("sigaction SIGCHLD");
    return -1;
  }
  return 0;
}

/* Runs in the child: answers the client on `connection`, never returns. */
_Noreturn static void serve_client(int welcome, int connection) {
  close(welcome); /* the child only needs its delegate socket */
  struct line_reader reader;
  line_reader_init(&reader, connection);
  int answered = answer_line(&reader);
  if (close(connection) < 0) {
    perror("close");
    answered = -1;
  }
  exit(answered < 0 ? EXIT_FAILURE : EXIT_SUCCESS);
}

int main(int argc, char *argv[]) {
  if (argc < 2 || argc > 3 || !is_port(argv[1])) {
    fprintf(stderr, "usage: %s PORT [HOST]\n", argv[0]);
    return EXIT_USAGE;
  }
  const char *host = argc == 3 ? argv[2] : DEFAULT_SERVER_HOST;
  if (install_reaper() < 0) return EXIT_FAILURE;
  int welcome = open_server_socket(host, argv[1], SOCK_STREAM);
  if (welcome < 0 || announce_ready(welcome) < 0) return EXIT_FAILURE;

  for (;;) {
    int connection = accept(welcome, NULL, NULL);
    if (connection < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      perror("accept");
      return EXIT_FAILURE;
    }
    pid_t child = fork();
    if (child < 0) {
      perror("fork"); /* this client is dropped; the server carries on */
    } else if (child == 0) {
      serve_client(welcome, connection);
    }
    /* The parent closes its copy: the connection ends when the child closes
     * the last descriptor, not before. */
    if (close(connection) < 0) perror("close");
  }
}
