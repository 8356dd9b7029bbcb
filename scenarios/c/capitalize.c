#include "capitalize.h"

#include <ctype.h>
#include <stdio.h>

#include "sockets.h"

void capitalize(char *text, size_t len) {
  for (size_t i = 0; i < len; ++i) {
    /* toupper() takes an unsigned char value (or EOF), never a negative
     * char: bytes above 127 would be undefined behaviour. */
    text[i] = (char)toupper((unsigned char)text[i]);
  }
}

int answer_line(struct line_reader *reader) {
  char line[8192];
  int answered = 0;
  for (;;) {
    ssize_t n = read_line(reader, line, sizeof line);
    if (n < 0) {
      perror("recv");
      return -1;
    }
    if (n == 0) return answered;
    capitalize(line, (size_t)n);
    if (write_all(reader->fd, line, (size_t)n) < 0) {
      perror("send");
      return -1;
    }
    answered = 1;
    if (line[n - 1] == '\n' || (size_t)n < sizeof line) return 1;
  }
}
