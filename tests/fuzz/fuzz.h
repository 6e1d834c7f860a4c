/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz.h - the libFuzzer entry point each fuzz target defines. The same
 * file builds a libFuzzer binary (tests/fuzz/libfuzzer.sh) and a replay
 * program that make check runs over the seed corpus (replay.c). */
#ifndef GI_FUZZ_H
#define GI_FUZZ_H
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loads specs/lai-chau-tea.xml from $GI_SRCDIR (or .); exits on failure. */
struct gi_spec;
struct gi_spec *fuzz_load_spec(void);
#endif
