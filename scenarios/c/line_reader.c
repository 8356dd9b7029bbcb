#include "line_reader.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

void line_reader_init(struct line_reader *reader, int fd) {
  reader->fd = fd;
  reader->start = 0;
  reader->end = 0;
}

/* Receives more bytes into the empty buffer: >0 bytes, 0 at end of stream,
 * -1 on error. */
static ssize_t refill(struct line_reader *reader) {
  ssize_t n;
  do {
    n = recv(reader->fd, reader->buf, sizeof reader->buf, 0);
  } while (n < 0 && errno == EINTR);
  reader->start = 0;
  reader->end = n > 0 ? (size_t)n : 0;
  return n;
}

ssize_t read_line(struct line_reader *reader, char *line, size_t capacity) {
  size_t stored = 0;
  while (stored < capacity) {
    if (reader->start == reader->end) {
      ssize_t n = refill(reader);
      if (n < 0) return -1;
      if (n == 0) break; /* end of stream: return what we have */
    }
    size_t available = reader->end - reader->start;
    size_t room = capacity - stored;
    size_t take = available < room ? available : room;
    const char *from = reader->buf + reader->start;
    const char *newline = memchr(from, '\n', take);
    if (newline != NULL) take = (size_t)(newline - from) + 1;
    memcpy(line + stored, from, take);
    stored += take;
    reader->start += take;
    if (newline != NULL) break;
  }
  return (ssize_t)stored;
}
