/* TCP capitalize server: one thread per client, and a count of the
 * clients served.
 * Usage: ./server PORT */
#include <ctype.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct stats {
  pthread_mutex_t lock;
  int served;
};
struct stats *stats = NULL;

void stats_init(void) {
  stats = malloc(sizeof *stats);
  pthread_mutex_init(&stats->lock, NULL);
  stats->served = 0;
}

/* Answers every line of one client, upper-cased, until the client closes. */
static void *serve(void *arg) {
  int conn = *(int *)arg;
  free(arg);
  FILE *in = fdopen(conn, "r");
  char line[1024];
  while (fgets(line, sizeof line, in) != NULL) {
    for (char *p = line; *p != '\0'; p++) *p = toupper((unsigned char)*p);
    send(conn, line, strlen(line), 0);
  }
  fclose(in); /* closes conn too */

  pthread_mutex_lock(&stats->lock);
  stats->served++;
  pthread_mutex_unlock(&stats->lock);
  return NULL;
}

int main(int argc, char *argv[]) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 1;
  }
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
    int *conn = malloc(sizeof *conn);
    *conn = accept(welcome, NULL, NULL);
    if (*conn < 0) {
      free(conn);
      continue;
    }
    pthread_t thread;
    pthread_create(&thread, NULL, serve, conn);
    pthread_detach(thread);
  }
}
