/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi/number.h - numbers as laboratory documents write them.
 *
 * Lab reports from Viet Nam and much of Europe write "5,34" where software
 * expects "5.34", and the process locale (which Python or PHP may set to
 * vi_VN or de_DE) must never change how a result is read. This parser
 * accepts either decimal separator, never a thousands separator, and does
 * not depend on the locale.
 */
#ifndef GI_NUMBER_H
#define GI_NUMBER_H

#include "common.h"

GI_BEGIN_DECL

/**
 * Parses a decimal number: optional sign, digits with at most one decimal
 * separator ('.' or ','), optional exponent ("1.5e-3"). Surrounding spaces
 * are ignored; anything else ("1.234,5", "5,3,4", "12 mg", "", "nan",
 * "inf") is GI_EPARSE. The result is the double nearest the decimal value.
 *
 *   double v;
 *   if (gi_number_parse(&v, "5,34") == GI_OK)  ... v == 5.34
 *
 * @param out   receives the value; unchanged on failure
 * @param text  NUL-terminated text
 * @return GI_OK, GI_EPARSE (message names the text), GI_EUSAGE if NULL
 */
GI_EXTERN(int) gi_number_parse(double *out, const char *text);

GI_END_DECL

#endif
