/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json_reference.h - the tree-built JSON of a sample's result (reference). */
#ifndef GI_TEST_JSON_REFERENCE_H
#define GI_TEST_JSON_REFERENCE_H
#include <gi/gi.h>
/* As gi_sample_result_json, built as a jansson tree (new string, gi_free). */
int t_json_reference(char **out, const gi_sample_result *result);
#endif
