/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sign_queue.c - records signed on several threads, written in order
 * (sign_queue.h).
 *
 * A ring of slots under one lock, with three counters that only grow:
 * head (the next record to hand to the sink), next (the next to sign) and
 * tail (the next free slot); head <= next <= tail <= head + cap. A slot
 * being signed is not touched by anyone else: the thread that took it
 * fills it in, under the lock, when the signature is done, and only then
 * can head pass it.
 */
#include "config.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "i18n.h"
#include "sign_queue.h"

enum { QUEUED, SIGNING, SIGNED, FAILED };

typedef struct {
	gi_record_draft *draft;
	char *sample_id;
	long line;
	char *xml;
	size_t len;
	char sha256[65];        /* of xml, for the batch's manifest */
	int state;
} slot;

struct sign_queue {
	pthread_mutex_t lock;
	pthread_cond_t work;    /* a record was queued, or stop */
	pthread_cond_t done;    /* a record was signed */
	slot *slots;
	size_t cap, head, next, tail;
	int stop;
	int writing;            /* a thread is handing records to the sink */
	char *failed_id;        /* the first record that could not be signed */
	char *failed_error;     /* and why */
	pthread_t *threads;
	unsigned n_threads;
	const gi_signer *signer;
	sign_queue_sink sink;
	void *payload;
};

/* Signs the next queued record; called and returns with the lock held. */
static void sign_next(sign_queue *q)
{
	slot *s = &q->slots[q->next++ % q->cap];
	gi_record_draft *d = s->draft;
	s->draft = NULL;
	s->state = SIGNING;
	pthread_mutex_unlock(&q->lock);
	char *xml = NULL, *error = NULL;
	size_t len = 0;
	char sha256[65];
	/* the record's digest for the manifest too, here on the signing
	 * threads rather than by whichever thread writes (one at a time) */
	int rc = gi_record_finish(&xml, &len, q->signer, d);
	if (rc == 0)
		rc = gi_sha256_memory(sha256, xml, len);
	if (rc < 0)
		error = strdup(gi_error_last()->message);   /* this thread's error */
	gi_record_draft_free(d);
	pthread_mutex_lock(&q->lock);
	s->xml = xml;
	s->len = len;
	if (rc == 0)
		memcpy(s->sha256, sha256, sizeof sha256);
	s->state = rc < 0 ? FAILED : SIGNED;
	if (rc < 0 && !q->failed_id) {
		/* the run stops: nothing more is signed, and this is said */
		q->failed_id = s->sample_id;
		q->failed_error = error;
		s->sample_id = NULL;
		error = NULL;
		q->stop = 1;
		pthread_cond_broadcast(&q->work);
	}
	free(error);
	pthread_cond_broadcast(&q->done);
}

/* Hands the signed records at the head of the queue to the sink, in
 * order, unless another thread is doing so: whichever thread finds the
 * head signed writes it, so the reading thread is not the only one that
 * writes. Called and returns with the lock held. */
static void write_ready(sign_queue *q)
{
	if (q->writing)
		return;
	q->writing = 1;
	while (!q->stop && q->head < q->tail && q->slots[q->head % q->cap].state == SIGNED) {
		slot *s = &q->slots[q->head++ % q->cap], mine = *s;
		memset(s, 0, sizeof *s);
		pthread_mutex_unlock(&q->lock);
		int rc = q->sink(mine.sample_id, mine.line, mine.xml, mine.len, mine.sha256, q->payload);
		free(mine.sample_id);
		pthread_mutex_lock(&q->lock);
		if (rc < 0) {   /* said by the sink: the run stops */
			q->stop = 1;
			pthread_cond_broadcast(&q->work);
		}
	}
	q->writing = 0;
	pthread_cond_broadcast(&q->done);
}

static void *worker(void *arg)
{
	sign_queue *q = arg;
	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->stop && q->next == q->tail)
			pthread_cond_wait(&q->work, &q->lock);
		if (q->stop)
			break;
		sign_next(q);
		write_ready(q);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

static void stop_workers(sign_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->stop = 1;
	pthread_cond_broadcast(&q->work);
	pthread_mutex_unlock(&q->lock);
	for (unsigned i = 0; i < q->n_threads; i++)
		pthread_join(q->threads[i], NULL);
	q->n_threads = 0;
}

int sign_queue_start(sign_queue **out, const gi_signer *signer, unsigned jobs, sign_queue_sink sink, void *payload)
{
	sign_queue *q = calloc(1, sizeof *q);
	*out = NULL;
	if (q) {
		q->cap = 16 * (size_t)jobs;
		q->slots = calloc(q->cap, sizeof *q->slots);
		q->threads = calloc(jobs, sizeof *q->threads);
	}
	if (!q || !q->slots || !q->threads) {
		if (q) {
			free(q->slots);
			free(q->threads);
		}
		free(q);
		cli_error("verify", "%s", _("out of memory"));
		return -1;
	}
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->work, NULL);
	pthread_cond_init(&q->done, NULL);
	q->signer = signer;
	q->sink = sink;
	q->payload = payload;
	*out = q;
	for (unsigned i = 0; i + 1 < jobs; i++) {
		int err = pthread_create(&q->threads[q->n_threads], NULL, worker, q);
		if (err) {
			cli_error("verify", _("cannot start a signing thread: %s"), strerror(err));
			return -1;
		}
		q->n_threads++;
	}
	return 0;
}

/* The run stops: once no thread is writing, the first signing failure is
 * said (a failing sink said its own); -1. Lock held. */
static int say_failed(sign_queue *q)
{
	while (q->writing)
		pthread_cond_wait(&q->done, &q->lock);
	if (q->failed_id && !interrupted())
		cli_error("verify", _("cannot sign the record of sample %s: %s"), q->failed_id,
		          q->failed_error ? q->failed_error : _("out of memory"));
	free(q->failed_id);
	free(q->failed_error);
	q->failed_id = q->failed_error = NULL;
	return -1;
}

/* Returns once the queue has room for one more record (all: once every
 * record is written), signing queued records and writing signed ones
 * while it waits. 0 or -1 after a message. */
static int drain(sign_queue *q, int all)
{
	int rc = 0;
	pthread_mutex_lock(&q->lock);
	for (;;) {
		if (q->stop) {
			rc = say_failed(q);
			break;
		}
		/* the signing threads write what they sign; this thread writes
		 * only when it would wait anyway */
		if (all || q->tail - q->head >= q->cap)
			write_ready(q);
		if (q->stop)
			continue;
		if (all ? q->head == q->tail && !q->writing : q->tail - q->head < q->cap)
			break;
		if (q->next < q->tail)
			sign_next(q);
		else
			pthread_cond_wait(&q->done, &q->lock);
	}
	pthread_mutex_unlock(&q->lock);
	return rc;
}

int sign_queue_add(sign_queue *q, gi_record_draft *draft, const char *sample_id, long line)
{
	char *id = strdup(sample_id);
	if (!id || drain(q, 0) < 0) {
		if (!id)
			cli_error("verify", "%s", _("out of memory"));
		free(id);
		gi_record_draft_free(draft);
		return -1;
	}
	pthread_mutex_lock(&q->lock);
	slot *s = &q->slots[q->tail++ % q->cap];
	s->draft = draft;
	s->sample_id = id;
	s->line = line;
	s->state = QUEUED;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->lock);
	return 0;
}

int sign_queue_flush(sign_queue *q)
{
	return drain(q, 1);
}

void sign_queue_free(sign_queue *q)
{
	if (!q)
		return;
	stop_workers(q);
	for (size_t i = q->head; i < q->tail; i++) {
		slot *s = &q->slots[i % q->cap];
		gi_record_draft_free(s->draft);
		gi_free(s->xml);
		free(s->sample_id);
	}
	free(q->failed_id);
	free(q->failed_error);
	pthread_cond_destroy(&q->work);
	pthread_cond_destroy(&q->done);
	pthread_mutex_destroy(&q->lock);
	free(q->slots);
	free(q->threads);
	free(q);
}
