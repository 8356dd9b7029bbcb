/* Reading a TCP stream line by line. TCP carries bytes, not messages: one
 * recv() may return half a line, or a line and a half. The reader keeps what
 * it has received beyond the current line for the next call, like Java's
 * BufferedReader or Python's socket.makefile(). */
#ifndef SCENARIOS_C_LINE_READER_H
#define SCENARIOS_C_LINE_READER_H

#include <stddef.h>
#include <sys/types.h>

struct line_reader {
  int fd;
  size_t start, end; /* buf[start, end) is received but not yet returned */
  char buf[4096];
};

void line_reader_init(struct line_reader *reader, int fd);

/* Stores in line the next bytes up to and including '\n', stopping early at
 * end of stream or when `capacity` bytes are stored. Returns the number of
 * bytes stored (0: end of stream, nothing left) or -1 on a read error (errno
 * set). Retries EINTR. */
ssize_t read_line(struct line_reader *reader, char *line, size_t capacity);

#endif
