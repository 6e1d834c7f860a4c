/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sign_queue.h - gi verify --jobs N: records signed on N threads, written
 * in the report's order.
 *
 * The thread that reads the report prepares each record (gi_record_prepare)
 * and queues it; worker threads finish them (gi_record_finish: hash, sign,
 * time-stamp) and hand the finished records to the sink in the order they
 * were queued; the reading thread signs queued records itself when the
 * queue is full, so N threads sign in all. The queue holds at most 16 N
 * records, so memory stays flat for a report of any size.
 */
#ifndef GI_CLI_SIGN_QUEUE_H
#define GI_CLI_SIGN_QUEUE_H

#include <gi/gi.h>

typedef struct sign_queue sign_queue;

/* Takes one signed record (xml is the sink's, free it with gi_free) and
 * its SHA-256 (64 hex digits, computed on the signing thread); 0, or -1
 * after a message. Called on any of the queue's threads, one
 * call at a time, in the order the records were added; every call has
 * returned when sign_queue_flush or sign_queue_free does. */
typedef int (*sign_queue_sink)(const char *sample_id, long line, char *xml, size_t len, const char *sha256,
                               void *payload);

/* Starts jobs - 1 worker threads (jobs >= 2); 0, or -1 after a message. */
int sign_queue_start(sign_queue **out, const gi_signer *signer, unsigned jobs, sign_queue_sink sink,
                     void *payload);
/* Queues a prepared record (the queue takes draft), waiting while the
 * queue is full; 0, or -1 after a message (a record could not be signed,
 * or the sink failed): stop then, and free the queue before what the
 * sink uses. */
int sign_queue_add(sign_queue *q, gi_record_draft *draft, const char *sample_id, long line);
/* Waits for every queued record and hands it to the sink; 0 or -1. */
int sign_queue_flush(sign_queue *q);
/* Stops the threads and drops what was not handed over. NULL: nothing. */
void sign_queue_free(sign_queue *q);

#endif
