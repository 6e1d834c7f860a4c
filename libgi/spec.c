/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spec.c - loading and checking GI specifications.
 *
 * A spec is small (a registration fits in a few kilobytes), so it is parsed
 * into a tree, validated against the embedded gi-spec.xsd, and then walked
 * once to build the read-only structures of gi/spec.h while checking the
 * rules the schema cannot express. Every problem is reported through the
 * caller's callback with its line; the spec is returned only if there are
 * none.
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include "internal.h"
#include "xml_internal.h"
#include "place_internal.h"
#include "spec_internal.h"

#define SPEC_MAX_BYTES (16u << 20)
#define NS "urn:libgi:gi-spec:1"

struct gi_spec {
	gi__arena arena;
	gi_spec_info info;
	gi_analyte *analytes;
	size_t n_analytes;
	gi_area *areas;
	const char ***area_keys;     /* gi__place_key of each area's units */
	const char ***area_codes;    /* code attribute of each area's units, or NULL */
	gi__gazetteer communes;      /* <communes>, n == 0 when absent */
	size_t n_areas;
	gi_product *products;
	size_t n_products;
	char sha256[65];
};

typedef struct {
	gi_spec *spec;
	gi__problems *problems;
	int oom;
} builder;

const char *gi_basis_name(gi_basis basis)
{
	switch (basis) {
	case GI_BASIS_DRY_MATTER: return "dry-matter";
	case GI_BASIS_FAT: return "fat";
	default: return "as-is";
	}
}

const char *gi_rule_name(gi_rule_kind kind)
{
	switch (kind) {
	case GI_RULE_GUARDED: return "guarded";
	case GI_RULE_NON_BINARY: return "non-binary";
	case GI_RULE_PROBABILITY: return "probability";
	case GI_RULE_RESIDUE: return "residue";
	default: return "simple";
	}
}

int gi_rule_parse(gi_rule_kind *out, const char *name)
{
	static const gi_rule_kind all[] = { GI_RULE_SIMPLE, GI_RULE_GUARDED, GI_RULE_NON_BINARY,
	                                    GI_RULE_PROBABILITY, GI_RULE_RESIDUE };
	for (size_t i = 0; name && i < GI_ARRAY_SIZE(all); i++)
		if (strcmp(name, gi_rule_name(all[i])) == 0) {
			if (out)
				*out = all[i];
			return GI_OK;
		}
	/* the name is the caller's argument (a spec's own rule attribute is
	 * checked by the schema) */
	return gi__error(GI_EUSAGE, NULL, 0,
	                 "unknown decision rule '%.40s' (simple, guarded, non-binary, probability, residue)",
	                 name ? name : "");
}

/* ---- libxml2 hooks ---- */

static void on_schema_error(void *ctx, xmlErrorPtr err)
{
	xmlNodePtr root = err->node;
	if (err->code == XML_SCHEMAV_CVC_ELT_1 && root && root->type == XML_ELEMENT_NODE) {
		/* the root is not <giSpec> in the spec namespace: say which part is off */
		int named = xmlStrEqual(root->name, BAD_CAST "giSpec");
		if (named && !root->ns)
			gi__problem(ctx, GI_EINVALID, err->line,
			            "<giSpec> has no namespace: write <giSpec xmlns=\"" NS "\">");
		else if (named)
			gi__problem(ctx, GI_EINVALID, err->line,
			            "<giSpec> is in the namespace '%.80s': write <giSpec xmlns=\"" NS "\">",
			            (const char *)root->ns->href);
		else
			gi__problem(ctx, GI_EINVALID, err->line,
			            "the root element is <%.40s>, not a specification's <giSpec xmlns=\"" NS "\">",
			            (const char *)root->name);
		return;
	}
	gi__problem_xml(ctx, GI_EINVALID, err);
}

/* ---- tree helpers ---- */

static int is_elem(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST NS) &&
	       xmlStrEqual(n->name, BAD_CAST name);
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr n = parent->children; n; n = n->next)
		if (is_elem(n, name))
			return n;
	return NULL;
}

static size_t count_children(xmlNodePtr parent, const char *name)
{
	size_t k = 0;
	for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
		k += is_elem(n, name);
	return k;
}

static char *keep(builder *b, xmlChar *s)
{
	if (!s)
		return NULL;
	/* trim surrounding blanks and fold inner runs of them to one space */
	char *p = (char *)s, *o = p;
	int space = 0;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	for (; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = 1;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		*o++ = *p;
	}
	*o = '\0';
	char *r = gi__arena_strdup(&b->spec->arena, (char *)s);
	if (!r)
		b->oom = 1;
	xmlFree(s);
	return r;
}

static char *attr(builder *b, xmlNodePtr n, const char *name)
{
	return keep(b, xmlGetProp(n, BAD_CAST name));
}

static char *text(builder *b, xmlNodePtr n)
{
	return n ? keep(b, xmlNodeGetContent(n)) : NULL;
}

static long line_of(xmlNodePtr n)
{
	return xmlGetLineNo(n);
}

static void *alloc_array(builder *b, size_t n, size_t size)
{
	if (n == 0)
		return NULL;
	void *p = gi__arena_alloc(&b->spec->arena, n * size);
	if (!p)
		b->oom = 1;
	else
		memset(p, 0, n * size);
	return p;
}

#define PROBLEM(b, node, ...) gi__problem((b)->problems, GI_EINVALID, line_of(node), __VA_ARGS__)

/* ---- identity ---- */

static void rule_defaults(gi_rule *r);
static void build_rule(builder *b, xmlNodePtr n, gi_rule *r);

static void build_names(builder *b, xmlNodePtr parent, const char **name, const char **lang, const char **name_en)
{
	for (xmlNodePtr n = parent->children; n; n = n->next) {
		if (!is_elem(n, "name"))
			continue;
		char *l = attr(b, n, "lang");
		char *t = text(b, n);
		if (!*name) {
			*name = t;
			if (lang)
				*lang = l;
		}
		if (l && strncmp(l, "en", 2) == 0 && (l[2] == '\0' || l[2] == '-') && name_en && !*name_en)
			*name_en = t;
	}
}

static void build_identity(builder *b, xmlNodePtr root)
{
	gi_spec_info *in = &b->spec->info;
	xmlNodePtr id = child(root, "identity");
	in->id = attr(b, root, "id");
	in->version = attr(b, root, "version");
	in->effective = attr(b, root, "effective");
	build_names(b, id, &in->name, &in->name_lang, &in->name_en);
	xmlNodePtr reg = child(id, "registration");
	if (reg) {
		in->registration = attr(b, reg, "number");
		in->decision = attr(b, reg, "decision");
		in->decision_date = attr(b, reg, "date");
	}
	in->authority = text(b, child(id, "authority"));
	in->manager = text(b, child(id, "manager"));
	in->source = text(b, child(id, "source"));
	in->sha256 = b->spec->sha256;
	rule_defaults(&in->default_rule);
	build_rule(b, child(root, "decisionRule"), &in->default_rule);
}

/* ---- analytes and areas ---- */

static void build_analytes(builder *b, xmlNodePtr root)
{
	gi_spec *s = b->spec;
	xmlNodePtr list = child(root, "analytes");
	s->analytes = alloc_array(b, count_children(list, "analyte"), sizeof *s->analytes);
	const gi_analyte *moisture = NULL;
	for (xmlNodePtr n = list->children; n && !b->oom; n = n->next) {
		if (!is_elem(n, "analyte"))
			continue;
		gi_analyte *a = &s->analytes[s->n_analytes];
		a->id = attr(b, n, "id");
		a->name = attr(b, n, "name");
		char *role = attr(b, n, "role");
		a->is_moisture = role && strcmp(role, "moisture") == 0;
		a->line = line_of(n);
		if (gi_spec_find_analyte(s, a->id))
			PROBLEM(b, n, "analyte id '%s' is declared twice", a->id);
		if (a->is_moisture && moisture)
			PROBLEM(b, n, "analyte '%s' has role moisture, but '%s' (line %ld) already has it",
			        a->id, moisture->id, moisture->line);
		if (a->is_moisture && !moisture)
			moisture = a;
		s->n_analytes++;
	}
}

static int parse_decimal(builder *b, xmlNodePtr n, const char *text, double *out)
{
	if (gi__number_scan(out, NULL, text, strlen(text)) < 0) {
		PROBLEM(b, n, "'%s' is not a number", text);
		return -1;
	}
	return 0;
}

static void rule_defaults(gi_rule *r)
{
	r->kind = GI_RULE_SIMPLE;
	r->guard = 1;
	r->p_min = 0.95;
	r->rounding = GI_ROUNDING_ABSOLUTE;
	r->alpha = 0.05;
	r->outliers = GI_OUTLIERS_FLAG;
	r->outlier_test = GI_OUTLIER_TEST_GRUBBS;
}

/* Fills r from a <decisionRule> element; attributes it lacks keep r's
 * values, so a criterion's rule inherits the spec's parameters. */
static void build_rule(builder *b, xmlNodePtr n, gi_rule *r)
{
	if (!n)
		return;
	char *kind = attr(b, n, "rule"), *guard = attr(b, n, "guard"), *pmin = attr(b, n, "pMin");
	char *rounding = attr(b, n, "rounding"), *alpha = attr(b, n, "alpha"), *outliers = attr(b, n, "outliers");
	gi_rule_kind k;
	if (kind && gi_rule_parse(&k, kind) == 0)
		r->kind = k;
	if (guard)
		parse_decimal(b, n, guard, &r->guard);
	if (pmin)
		parse_decimal(b, n, pmin, &r->p_min);
	if (alpha)
		parse_decimal(b, n, alpha, &r->alpha);
	if (rounding)
		r->rounding = strcmp(rounding, "rounding") == 0 ? GI_ROUNDING_ROUND : GI_ROUNDING_ABSOLUTE;
	if (outliers)
		r->outliers = strcmp(outliers, "exclude") == 0 ? GI_OUTLIERS_EXCLUDE : GI_OUTLIERS_FLAG;
	char *test = attr(b, n, "outlierTest");
	if (test)
		r->outlier_test = strcmp(test, "dixon") == 0 ? GI_OUTLIER_TEST_DIXON : GI_OUTLIER_TEST_GRUBBS;
}

static void build_default_uncertainty(builder *b, xmlNodePtr n, gi_criterion *c)
{
	if (!n)
		return;
	char *abs = attr(b, n, "expanded"), *rel = attr(b, n, "relative"), *k = attr(b, n, "k");
	if ((abs != NULL) == (rel != NULL)) {
		PROBLEM(b, n, "criterion '%s': default uncertainty needs expanded or relative (one of them)", c->id);
		return;
	}
	c->default_coverage = 2;
	if (k && parse_decimal(b, n, k, &c->default_coverage) < 0)
		return;
	if (parse_decimal(b, n, abs ? abs : rel, &c->default_uncertainty) < 0)
		return;
	c->has_default_uncertainty = 1;
	c->default_uncertainty_relative = rel != NULL;
}

static void build_areas(builder *b, xmlNodePtr root)
{
	gi_spec *s = b->spec;
	xmlNodePtr list = child(root, "areas");
	if (!list)
		return;
	size_t na = count_children(list, "area");
	s->areas = alloc_array(b, na, sizeof *s->areas);
	s->area_keys = alloc_array(b, na, sizeof *s->area_keys);
	s->area_codes = alloc_array(b, na, sizeof *s->area_codes);
	for (xmlNodePtr n = list->children; n && !b->oom; n = n->next) {
		if (!is_elem(n, "area"))
			continue;
		gi_area *a = &s->areas[s->n_areas];
		a->id = attr(b, n, "id");
		a->name = attr(b, n, "name");
		a->line = line_of(n);
		for (size_t i = 0; i < s->n_areas; i++)
			if (strcmp(s->areas[i].id, a->id) == 0)
				PROBLEM(b, n, "area id '%s' is declared twice (first at line %ld)", a->id, s->areas[i].line);
		size_t nu = count_children(n, "unit");
		const char **units = alloc_array(b, nu, sizeof *units);
		const char **codes = alloc_array(b, nu, sizeof *codes);
		for (xmlNodePtr u = n->children; u && !b->oom; u = u->next)
			if (is_elem(u, "unit")) {
				codes[a->n_units] = attr(b, u, "code");
				units[a->n_units++] = text(b, u);
			}
		a->units = units;
		s->area_codes[s->n_areas] = codes;
		const char **keys = alloc_array(b, a->n_units, sizeof *keys);
		for (size_t k = 0; k < a->n_units && !b->oom; k++) {
			char key[300];
			gi__place_key(key, sizeof key, units[k] ? units[k] : "");
			if (!(keys[k] = gi__arena_strdup(&s->arena, key)))
				b->oom = 1;
		}
		s->area_keys[s->n_areas] = keys;
		xmlNodePtr alt = child(n, "altitude");
		if (alt) {
			char *lo = attr(b, alt, "min"), *hi = attr(b, alt, "max");
			if (parse_decimal(b, alt, lo, &a->altitude_min) == 0 &&
			    parse_decimal(b, alt, hi, &a->altitude_max) == 0) {
				a->has_altitude = 1;
				if (a->altitude_min > a->altitude_max)
					PROBLEM(b, alt, "area '%s': altitude min %s m is above max %s m", a->id, lo, hi);
			}
		}
		if (a->n_units == 0 && !a->has_altitude)
			PROBLEM(b, n, "area '%s' names no administrative unit and no altitude range", a->id);
		s->n_areas++;
	}
}

/* The key a commune-level name is matched on: no level word, no tag. */
static const char *bare_key(builder *b, const char *name)
{
	char key[300];
	gi__place_key(key, sizeof key, name ? name : "");
	const char *r = gi__arena_strdup(&b->spec->arena, gi__place_bare(key));
	if (!r)
		b->oom = 1;
	return r;
}

static void build_communes(builder *b, xmlNodePtr root)
{
	gi__gazetteer *g = &b->spec->communes;
	xmlNodePtr list = child(root, "communes");
	if (!list)
		return;
	g->effective = attr(b, list, "effective");
	g->source = attr(b, list, "source");
	g->communes = alloc_array(b, count_children(list, "commune"), sizeof *g->communes);
	for (xmlNodePtr n = list->children; n && !b->oom; n = n->next) {
		if (!is_elem(n, "commune"))
			continue;
		gi__commune *c = &g->communes[g->n];
		c->code = attr(b, n, "code");
		c->name = attr(b, n, "name");
		c->kind = attr(b, n, "kind");
		c->key = bare_key(b, c->name);
		c->line = line_of(n);
		for (size_t i = 0; i < g->n && c->code; i++)
			if (strcmp(g->communes[i].code, c->code) == 0)
				PROBLEM(b, n, "commune code %s is used twice (first at line %ld)", c->code, g->communes[i].line);
		c->former = alloc_array(b, count_children(n, "former"), sizeof *c->former);
		for (xmlNodePtr f = n->children; f && !b->oom; f = f->next) {
			if (!is_elem(f, "former"))
				continue;
			gi__former *o = &c->former[c->n_former++];
			o->code = attr(b, f, "code");
			o->name = attr(b, f, "name");
			o->kind = attr(b, f, "kind");
			o->district = attr(b, f, "district");
			o->key = bare_key(b, o->name);
			char key[300];
			gi__place_key(key, sizeof key, o->district ? o->district : "");
			if (!(o->district_key = gi__arena_strdup(&b->spec->arena, key)))
				b->oom = 1;
		}
		g->n++;
	}
}

/* ---- criteria ---- */

static void limit_text(builder *b, gi_limit *l)
{
	gi__arena *a = &b->spec->arena;
	if (l->n_allowed) {
		size_t len = 8;
		for (size_t i = 0; i < l->n_allowed; i++)
			len += strlen(l->allowed[i]) + 2;
		char *t = gi__arena_alloc(a, len);
		if (!t) {
			b->oom = 1;
			return;
		}
		strcpy(t, "one of ");
		for (size_t i = 0; i < l->n_allowed; i++) {
			if (i)
				strcat(t, ", ");
			strcat(t, l->allowed[i]);
		}
		l->text = t;
	} else if (l->has_lower && l->has_upper && !l->lower_strict && !l->upper_strict) {
		l->text = gi__arena_printf(a, "%s–%s", l->lower_text, l->upper_text);
	} else if (l->has_lower && l->has_upper) {
		l->text = gi__arena_printf(a, "%s %s and %s %s", l->lower_strict ? ">" : "≥", l->lower_text,
		                           l->upper_strict ? "<" : "≤", l->upper_text);
	} else if (l->has_lower) {
		l->text = gi__arena_printf(a, "%s %s", l->lower_strict ? ">" : "≥", l->lower_text);
	} else {
		l->text = gi__arena_printf(a, "%s %s", l->upper_strict ? "<" : "≤", l->upper_text);
	}
	if (!l->text)
		b->oom = 1;
}

static void build_limit(builder *b, xmlNodePtr n, gi_criterion *c)
{
	gi_limit *l = &c->limit;
	char *ge = attr(b, n, "ge"), *gt = attr(b, n, "gt"), *le = attr(b, n, "le"), *lt = attr(b, n, "lt");
	if (ge && gt)
		PROBLEM(b, n, "criterion '%s': limit has both ge and gt; give one lower bound", c->id);
	if (le && lt)
		PROBLEM(b, n, "criterion '%s': limit has both le and lt; give one upper bound", c->id);
	const char *lo = ge ? ge : gt, *hi = le ? le : lt;
	if (lo && parse_decimal(b, n, lo, &l->lower) == 0) {
		l->has_lower = 1;
		l->lower_strict = !ge;
		l->lower_text = lo;
	}
	if (hi && parse_decimal(b, n, hi, &l->upper) == 0) {
		l->has_upper = 1;
		l->upper_strict = !le;
		l->upper_text = hi;
	}
	size_t na = count_children(n, "allowed");
	if (na) {
		const char **vals = alloc_array(b, na, sizeof *vals);
		for (xmlNodePtr v = n->children; v && !b->oom; v = v->next)
			if (is_elem(v, "allowed"))
				vals[l->n_allowed++] = text(b, v);
		l->allowed = vals;
		if (lo || hi)
			PROBLEM(b, n, "criterion '%s': limit has both bounds and allowed values", c->id);
	}
	if (!lo && !hi && !na) {
		PROBLEM(b, n, "criterion '%s': limit states no bound (ge, gt, le, lt) and no allowed value", c->id);
		return;
	}
	if (l->has_lower && l->has_upper) {
		if (l->lower > l->upper)
			PROBLEM(b, n, "criterion '%s': lower limit %s is above upper limit %s", c->id, lo, hi);
		else if (l->lower == l->upper && (l->lower_strict || l->upper_strict))
			PROBLEM(b, n, "criterion '%s': limits %s and %s leave no value that conforms", c->id, lo, hi);
	}
	limit_text(b, l);
}

static void check_analyte_ref(builder *b, xmlNodePtr n, const char *crit, const char *id)
{
	if (id && !gi_spec_find_analyte(b->spec, id))
		PROBLEM(b, n, "criterion '%s' refers to analyte '%s', which is not declared in <analytes>", crit, id);
}

static void build_criterion(builder *b, xmlNodePtr n, gi_product *p, gi_criterion *c)
{
	c->id = attr(b, n, "id");
	c->analyte = attr(b, n, "analyte");
	c->line = line_of(n);
	for (gi_criterion *o = (gi_criterion *)p->criteria; o < c; o++)
		if (strcmp(o->id, c->id) == 0)
			PROBLEM(b, n, "product '%s': criterion id '%s' is used twice (first at line %ld)", p->id, c->id, o->line);

	xmlNodePtr ratio = child(n, "ratio");
	if (ratio) {
		c->numerator = attr(b, ratio, "numerator");
		c->denominator = attr(b, ratio, "denominator");
		if (c->analyte)
			PROBLEM(b, n, "criterion '%s' has both an analyte and a ratio; give one", c->id);
		if (c->numerator && c->denominator && strcmp(c->numerator, c->denominator) == 0)
			PROBLEM(b, ratio, "criterion '%s': ratio of '%s' to itself", c->id, c->numerator);
		check_analyte_ref(b, ratio, c->id, c->numerator);
		check_analyte_ref(b, ratio, c->id, c->denominator);
	} else if (!c->analyte) {
		PROBLEM(b, n, "criterion '%s' names no analyte (attribute analyte) and no ratio", c->id);
	} else {
		check_analyte_ref(b, n, c->id, c->analyte);
	}

	char *basis = attr(b, n, "basis");
	c->basis = !basis || strcmp(basis, "as-is") == 0 ? GI_BASIS_AS_IS
	         : strcmp(basis, "dry-matter") == 0 ? GI_BASIS_DRY_MATTER : GI_BASIS_FAT;
	char *mand = attr(b, n, "mandatory");
	c->mandatory = !mand || strcmp(mand, "true") == 0 || strcmp(mand, "1") == 0;
	c->method = text(b, child(n, "method"));

	build_limit(b, child(n, "limit"), c);
	c->rule = b->spec->info.default_rule;
	build_rule(b, child(n, "decisionRule"), &c->rule);
	build_default_uncertainty(b, child(n, "defaultUncertainty"), c);
	if (c->rule.kind != GI_RULE_SIMPLE && c->limit.n_allowed)
		PROBLEM(b, n, "criterion '%s': rule %s needs a numeric limit, not allowed values", c->id,
		        gi_rule_name(c->rule.kind));
	if (c->rule.kind == GI_RULE_RESIDUE && (c->limit.has_lower || !c->limit.has_upper))
		PROBLEM(b, n, "criterion '%s': the residue rule applies to a maximum (MRL) only", c->id);

	char *unit = attr(b, n, "unit");
	int family = -1;
	if (unit) {
		if (gi__unit_lookup(&c->unit, &family, NULL, unit) < 0)
			PROBLEM(b, n, "criterion '%s': unknown unit '%s'", c->id, unit);
	} else if (c->limit.has_lower || c->limit.has_upper) {
		PROBLEM(b, n, "criterion '%s' has a numeric limit but no unit", c->id);
	}
	if (ratio && family >= 0 && family != GI__FAM_FRACTION && family != GI__FAM_DIMENSIONLESS)
		PROBLEM(b, n, "criterion '%s': a ratio is expressed as a fraction (%%, 1, ...), not '%s'", c->id, unit);
	if (c->basis != GI_BASIS_AS_IS && family >= 0 && family != GI__FAM_FRACTION)
		PROBLEM(b, n, "criterion '%s': basis %s applies to mass fractions, not '%s'", c->id, basis, unit);
	if (c->basis == GI_BASIS_DRY_MATTER) {
		int have = 0;
		for (size_t i = 0; i < b->spec->n_analytes; i++) {
			const gi_analyte *a = &b->spec->analytes[i];
			have |= a->is_moisture;
			if (a->is_moisture && c->analyte && strcmp(a->id, c->analyte) == 0)
				PROBLEM(b, n, "criterion '%s': moisture cannot be expressed on dry matter", c->id);
		}
		if (!have)
			PROBLEM(b, n, "criterion '%s' is on dry matter, but no analyte has role=\"moisture\" to convert with", c->id);
	}
}

static void build_products(builder *b, xmlNodePtr root)
{
	gi_spec *s = b->spec;
	xmlNodePtr list = child(root, "products");
	s->products = alloc_array(b, count_children(list, "product"), sizeof *s->products);
	for (xmlNodePtr n = list->children; n && !b->oom; n = n->next) {
		if (!is_elem(n, "product"))
			continue;
		gi_product *p = &s->products[s->n_products];
		p->id = attr(b, n, "id");
		p->line = line_of(n);
		if (gi_spec_find_product(s, p->id))
			PROBLEM(b, n, "product id '%s' is declared twice", p->id);
		build_names(b, n, &p->name, NULL, &p->name_en);
		p->raw_material = text(b, child(n, "rawMaterial"));
		p->cultivar = text(b, child(n, "cultivar"));
		char *area = attr(b, n, "area");
		if (area) {
			for (size_t i = 0; i < s->n_areas; i++)
				if (strcmp(s->areas[i].id, area) == 0)
					p->area = &s->areas[i];
			if (!p->area)
				PROBLEM(b, n, "product '%s' refers to area '%s', which is not declared in <areas>", p->id, area);
		}
		gi_criterion *crit = alloc_array(b, count_children(n, "criterion"), sizeof *crit);
		p->criteria = crit;
		for (xmlNodePtr c = n->children; c && !b->oom; c = c->next)
			if (is_elem(c, "criterion"))
				build_criterion(b, c, p, &crit[p->n_criteria++]);
		if (p->n_criteria == 0 && !p->area)
			PROBLEM(b, n, "product '%s' has no criterion and no area: nothing to verify", p->id);
		s->n_products++;
	}
}

/* ---- loading ---- */

static int load_memory(gi_spec **out, const void *data, size_t len, const char *name,
                       const gi_load_options *opts);

int gi_spec_load_memory(gi_spec **out, const void *data, size_t len, const char *name,
                        const gi_load_options *opts)
{
	gi__xml_quiet q;
	gi__xml_quiet_begin(&q);
	int rc = load_memory(out, data, len, name, opts);
	gi__xml_quiet_end(&q);
	return rc;
}

/* The document parsed and valid against gi-spec.xsd, or NULL with the
 * status in *rc (the problems reported through pr). */
static xmlDocPtr parse_valid(gi__problems *pr, const void *data, size_t len, const char *name, int *rc)
{
	xmlSchemaPtr schema = gi__schema(GI__SCHEMA_SPEC);
	if (!schema) {
		*rc = gi__error(GI_ERROR, NULL, 0, "the embedded specification schema does not compile");
		return NULL;
	}
	xmlDocPtr doc = gi__xml_parse(pr, data, len, name);
	if (!doc) {
		*rc = pr->count ? gi__problems_finish(pr) : gi__oom();
		return NULL;
	}
	xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(schema);
	if (!v) {
		xmlFreeDoc(doc);
		*rc = gi__oom();
		return NULL;
	}
	xmlSchemaSetValidStructuredErrors(v, on_schema_error, pr);
	int valid = xmlSchemaValidateDoc(v, doc);
	xmlSchemaFreeValidCtxt(v);
	if (valid != 0) {
		xmlFreeDoc(doc);
		if (!pr->count)
			gi__problem(pr, GI_EINVALID, 0, "the document does not match gi-spec.xsd");
		*rc = gi__problems_finish(pr);
		return NULL;
	}
	return doc;
}

static int load_memory(gi_spec **out, const void *data, size_t len, const char *name,
                       const gi_load_options *opts)
{
	if (!out || (!data && len))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_spec_load_memory: NULL argument");
	*out = NULL;
	if (opts && opts->version != GI_LOAD_OPTIONS_VERSION)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_load_options version %d is not supported", opts->version);
	if (!name)
		name = "(memory)";
	gi__problems pr = { name, opts ? opts->on_problem : NULL, opts ? opts->payload : NULL, 0, 0, 0, "" };
	if (len == 0) {
		gi__problem(&pr, GI_EPARSE, 0, "the file is empty");
		return gi__problems_finish(&pr);
	}
	if (len > SPEC_MAX_BYTES || len > (size_t)INT32_MAX) {
		gi__problem(&pr, GI_EIO, 0, "%zu bytes is larger than a specification may be (%u MiB)", len,
		            SPEC_MAX_BYTES >> 20);
		return gi__problems_finish(&pr);
	}
	int rc = GI_OK;
	xmlDocPtr doc = parse_valid(&pr, data, len, name, &rc);
	if (!doc)
		return rc;

	gi_spec *spec = calloc(1, sizeof *spec);
	if (!spec) {
		xmlFreeDoc(doc);
		return gi__oom();
	}
	gi__sha256 *h = gi__sha256_new();
	if (!h) {
		free(spec);
		xmlFreeDoc(doc);
		return gi__oom();
	}
	gi__sha256_update(h, data, len);
	gi__sha256_final(h, spec->sha256);
	gi__sha256_free(h);

	builder b = { spec, &pr, 0 };
	xmlNodePtr root = xmlDocGetRootElement(doc);
	build_identity(&b, root);
	spec->info.file = gi__arena_strdup(&spec->arena, name);
	if (!b.oom)
		build_analytes(&b, root);
	if (!b.oom)
		build_areas(&b, root);
	if (!b.oom)
		build_communes(&b, root);
	if (!b.oom)
		build_products(&b, root);
	xmlFreeDoc(doc);
	if (b.oom || !spec->info.file) {
		gi_spec_free(spec);
		return gi__oom();
	}
	if (pr.count) {
		gi_spec_free(spec);
		return gi__problems_finish(&pr);
	}
	*out = spec;
	return GI_OK;
}

int gi_spec_load_file(gi_spec **out, const char *path, const gi_load_options *opts)
{
	if (!out || !path)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_spec_load_file: NULL argument");
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return gi__error(GI_EIO, path, 0, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return gi__error(GI_EIO, path, 0, "not a regular file");
	}
	if ((unsigned long long)st.st_size > SPEC_MAX_BYTES) {
		fclose(f);
		return gi__error(GI_EIO, path, 0, "%lld bytes is larger than a specification may be (%u MiB)",
		                 (long long)st.st_size, SPEC_MAX_BYTES >> 20);
	}
	size_t size = (size_t)st.st_size;
	char *buf = malloc(size ? size : 1);
	if (!buf) {
		fclose(f);
		return gi__oom();
	}
	size_t got = fread(buf, 1, size, f);
	int err = ferror(f);
	fclose(f);
	if (err || got != size) {
		free(buf);
		return gi__error(GI_EIO, path, 0, "read error");
	}
	int rc = gi_spec_load_memory(out, buf, size, path, opts);
	free(buf);
	return rc;
}

void gi_spec_free(gi_spec *spec)
{
	if (!spec)
		return;
	gi__arena_free(&spec->arena);
	free(spec);
}

const char *const *gi__spec_area_keys(const gi_spec *spec, const gi_area *area)
{
	return spec->area_keys[area - spec->areas];
}

const char *const *gi__spec_area_codes(const gi_spec *spec, const gi_area *area)
{
	return spec->area_codes[area - spec->areas];
}

const gi__gazetteer *gi__spec_communes(const gi_spec *spec)
{
	return spec->communes.n ? &spec->communes : NULL;
}

const gi_spec_info *gi_spec_get_info(const gi_spec *spec)
{
	return spec ? &spec->info : NULL;
}

size_t gi_spec_product_count(const gi_spec *spec)
{
	return spec ? spec->n_products : 0;
}

const gi_product *gi_spec_product(const gi_spec *spec, size_t i)
{
	return spec && i < spec->n_products ? &spec->products[i] : NULL;
}

const gi_product *gi_spec_find_product(const gi_spec *spec, const char *id)
{
	for (size_t i = 0; spec && id && i < spec->n_products; i++)
		if (spec->products[i].id && strcmp(spec->products[i].id, id) == 0)
			return &spec->products[i];
	return NULL;
}

size_t gi_spec_area_count(const gi_spec *spec)
{
	return spec ? spec->n_areas : 0;
}

const gi_area *gi_spec_area(const gi_spec *spec, size_t i)
{
	return spec && i < spec->n_areas ? &spec->areas[i] : NULL;
}

size_t gi_spec_analyte_count(const gi_spec *spec)
{
	return spec ? spec->n_analytes : 0;
}

const gi_analyte *gi_spec_analyte(const gi_spec *spec, size_t i)
{
	return spec && i < spec->n_analytes ? &spec->analytes[i] : NULL;
}

const gi_analyte *gi_spec_find_analyte(const gi_spec *spec, const char *id)
{
	for (size_t i = 0; spec && id && i < spec->n_analytes; i++)
		if (spec->analytes[i].id && strcmp(spec->analytes[i].id, id) == 0)
			return &spec->analytes[i];
	return NULL;
}
