/* The sample project's own server: each client sends one line and gets it
 * back reversed (the newline stays last); the server closes first, then
 * serves the next client.
 *
 * Usage: reverse_server PORT [HOST]   (HOST: an IPv4 address, 127.0.0.1) */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Reads up to the first newline (a line may arrive in several segments). */
static size_t read_line(int fd, char *line, size_t size) {
  size_t n = 0;
  while (n < size) {
    ssize_t got = read(fd, line + n, size - n);
    if (got <= 0) break;
    n += (size_t)got;
    if (memchr(line + n - (size_t)got, '\n', (size_t)got)) break;
  }
  return n;
}

static void reverse(char *text, size_t length) {
  for (size_t i = 0; i < length / 2; i++) {
    char kept = text[i];
    text[i] = text[length - 1 - i];
    text[length - 1 - i] = kept;
  }
}

int main(int argc, char *argv[]) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s PORT [HOST]\n", argv[0]);
    return 2;
  }
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1]))};
  if (inet_pton(AF_INET, argc == 3 ? argv[2] : "127.0.0.1", &address.sin_addr) != 1) {
    fprintf(stderr, "not an IPv4 address: %s\n", argv[2]);
    return 2;
  }
  int welcome = socket(AF_INET, SOCK_STREAM, 0);
  int on = 1;
  if (welcome < 0 || setsockopt(welcome, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0 ||
      bind(welcome, (struct sockaddr *)&address, sizeof address) < 0 || listen(welcome, 5) < 0) {
    perror("reverse_server");
    return 1;
  }
  printf("reverse_server listening on port %s\n", argv[1]);
  fflush(stdout);
  for (;;) {
    int client = accept(welcome, NULL, NULL);
    if (client < 0) continue;
    char line[1024];
    size_t n = read_line(client, line, sizeof line);
    reverse(line, n > 0 && line[n - 1] == '\n' ? n - 1 : n);
    if (write(client, line, n) < 0) perror("write");
    close(client);
  }
}
