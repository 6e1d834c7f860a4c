/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi/gi.h - libgi, geographic-indication quality verification.
 *
 * Include this one header. The modules:
 *   gi/error.h   status codes, gi_error_last()
 *   gi/number.h  locale-free number parsing (decimal comma)
 *   gi/format.h  values with their uncertainty written for people (GUM 7.2.6)
 *   gi/units.h   mass-fraction units and conversion
 *   gi/spec.h    GI specifications
 *   gi/report.h  laboratory reports (streamed)
 *   gi/stats.h   replicate statistics, outlier tests, ISO 13528 robust statistics
 *   gi/verify.h  verdicts per criterion, sample and report
 *   gi/pt.h      proficiency testing rounds (ISO 13528)
 *   gi/record.h  signed verification records (XML-DSig, X.509)
 *   gi/risk.h    global consumer's and producer's risks (JCGM 106), process capability
 *   gi/stamp.h   signed QR stamps (GS1 Digital Link) for packages
 *   gi/registry.h the council's registry: members, plots, lots, permits, inspections
 *   gi/log.h     the transparency log: Merkle tree, tiles, signed checkpoints, proofs
 */
#ifndef GI_GI_H
#define GI_GI_H

#include "common.h"
#include "error.h"
#include "number.h"
#include "units.h"
#include "spec.h"
#include "report.h"
#include "stats.h"
#include "verify.h"
#include "format.h"
#include "pt.h"
#include "record.h"
#include "risk.h"
#include "stamp.h"
#include "registry.h"
#include "log.h"

#endif
