/* The capitalize service of the lecture notes: the client sends a line, the
 * server answers with the same line in upper case. */
#ifndef SCENARIOS_C_CAPITALIZE_H
#define SCENARIOS_C_CAPITALIZE_H

#include <stddef.h>

#include "line_reader.h"

/* Upper-cases the ASCII letters of text[0, len); other bytes are kept. */
void capitalize(char *text, size_t len);

/* Reads one line from the reader's socket and sends it back upper-cased.
 * Waits for the whole line however many segments it arrives in; a line longer
 * than 8 KiB is answered 8 KiB at a time; bytes before an end of stream with
 * no newline are answered as they are. Returns 1 when it answered, 0 at end
 * of stream with nothing to answer, -1 on error (reported on stderr). */
int answer_line(struct line_reader *reader);

#endif
