/* TCP capitalize server: one process per client (fork). It runs in the
 * background like a real daemon, so the shell gets its prompt back.
 * Usage: ./server PORT */
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* A child that has exited stays a zombie until its parent waits for it. */
static void reap_children(int sig) {
  (void)sig;
  int saved_errno = errno;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  errno = saved_errno;
}

/* Answers every line of one client, upper-cased, until the client closes. */
static void serve(int conn) {
  FILE *in = fdopen(conn, "r");
  char line[1024];
  while (fgets(line, sizeof line, in) != NULL) {
    for (char *p = line; *p != '\0'; p++) *p = toupper((unsigned char)*p);
    send(conn, line, strlen(line), 0);
  }
  fclose(in); /* closes conn too */
}

int main(int argc, char *argv[]) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 1;
  }
  /* Become a daemon: the parent returns to the shell at once; the child
   * leaves the terminal's session and serves in the background (its
   * messages still go where the parent's went). */
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return 1;
  }
  if (pid > 0) return 0;
  setsid();
  signal(SIGCHLD, reap_children);

  int welcome = socket(AF_INET, SOCK_STREAM, 0);
  int on = 1;
  setsockopt(welcome, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons(atoi(argv[1]));
  if (bind(welcome, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(welcome, 10) < 0) {
    perror("bind/listen");
    return 1;
  }
  printf("The server is ready to receive on port %s\n", argv[1]);
  fflush(stdout);

  for (;;) {
    int conn = accept(welcome, NULL, NULL);
    if (conn < 0) continue; /* EINTR: a child exited */
    if (fork() == 0) {
      close(welcome);
      serve(conn);
      exit(0);
    }
    close(conn); /* the child has its own copy */
  }
}
