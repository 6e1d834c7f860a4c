/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi/format.h - measured values written for people.
 *
 * A result and its expanded uncertainty are shown as the GUM recommends
 * (JCGM 100:2008 7.2.6): U to at most two significant digits and the value
 * rounded to the same decimal place - "6.33 ± 0.19", not "6.33047 ±
 * 0.189914". Machine-readable outputs (JSON, records) keep full precision.
 */
#ifndef GI_FORMAT_H
#define GI_FORMAT_H

#include "common.h"
#include "error.h"
#include "spec.h"

GI_BEGIN_DECL

/**
 * Writes "value ± U" (no unit) in the "C" locale: U rounded to two
 * significant digits, value rounded to the same decimal place, each in
 * decimal with ties to even (ASTM E29). If that rounding would put the
 * value on or across a bound of limit that the unrounded value is not on
 * or across, the value gets as many more decimals as it takes, so the
 * text never contradicts a verdict. Without an uncertainty (U not > 0)
 * only the value is written, to six significant digits.
 *
 *   char buf[64];
 *   gi_format_measurement(buf, sizeof buf, 6.33047, 0.189914, NULL);
 *   // buf is "6.33 ± 0.19"
 *
 * @param buf    receives the NUL-terminated text
 * @param limit  the limit the value was decided against, or NULL
 * @return GI_OK; GI_EUSAGE if buf is NULL, the value is not finite or the
 *         text does not fit in size bytes
 */
GI_EXTERN(int) gi_format_measurement(char *buf, size_t size, double value, double U, const gi_limit *limit);

GI_END_DECL

#endif
