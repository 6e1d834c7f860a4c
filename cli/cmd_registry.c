/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_registry.c - gi registry: the council's registry, one action per job. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include "cli.h"

static const char registry_usage[] =
	"Usage: gi registry ACTION --db DB --spec SPEC [OPTION]... [--FIELD VALUE]...\n"
	"The GI council's registry (SQLite file, or a postgresql:// URL).\n"
	"\n"
	"Actions (FIELDs: specs/registry-format.md):\n"
	"  member add --kind household|cooperative|company --name N --tax-id ID\n"
	"  member show --member M\n"
	"  plot add --member M --unit UNIT [--former-unit U] --altitude M --area-ha HA\n"
	"           --latitude LAT --longitude LON [--product P]\n"
	"  inspector add --name N [--qualification Q]\n"
	"  inspector approve --inspector I --decision BOARD-DECISION\n"
	"  lot add --product P --plot PLOT... --harvested DATE --quantity-kg KG [--code CODE]\n"
	"  lot show --lot CODE\n"
	"  lot check CODE          check a lot code's form and check character\n"
	"  lot shelf-life --lot CODE --shelf-life-months N [--best-before DATE]\n"
	"  lot photo-add --lot CODE --data BASE64 --caption T   a JPEG or PNG photo's\n"
	"                          SHA-256, type and caption (the bytes are not kept)\n"
	"  lot photo-list --lot CODE\n"
	"  logbook add (--plot PLOT | --lot CODE) --date D --activity A --substance S\n"
	"              --dose D --operator WHO [--phi-days N]\n"
	"  record import --record FILE   a signed verification record of a lot\n"
	"  inspection add --member M --inspector I --kind initial|surveillance|extraordinary\n"
	"                 --date D --findings TEXT --outcome pass|fail\n"
	"  inspection due [--as-of DATE] [--within-days N]\n"
	"  permit apply --member M --product P... --plot PLOT... --quantity-kg KG\n"
	"  permit grant|suspend|reinstate|withdraw|expire|show --permit P [--reason R]\n"
	"  permit status-list [--out FILE]   the signed list of every permit's state\n"
	"  permit list [--member M] [--state S]   the permits, each valid today or not\n"
	"  permit for-lot --lot CODE   the permit covering a lot\n"
	"  violation add --member M --date D --description T --evidence E --decision D\n"
	"  event list [--after ID] [--entity TABLE]\n"
	"  stamp issue --permit P --lot CODE --count N --package-kg KG --domain HOST\n"
	"              [--gtin GTIN] [--out URIS]   N serialised stamps, within the quota\n"
	"  stamp list [--permit P] [--lot CODE]   the serial ranges issued\n"
	"  log list [--lot CODE] [--entries true]   the log entries (of a lot)\n"
	"\n"
	"Options:\n"
	"  --db DB              SQLite file or postgresql:// URL (default $GI_REGISTRY)\n"
	"  --spec SPEC          the GI's specification (file or installed name)\n"
	"  --actor WHO          who makes the change (default $USER)\n"
	"  --trust CA.pem       the council's trust anchors (record import)\n"
	"  --sign-key K --sign-cert C   the council's key (permit grant, status-list,\n"
	"                       stamp issue)\n"
	"  --banned CSV         banned and withdrawn substances (logbook add)\n"
	"  --now DATE           treat DATE as today (YYYY-MM-DD)\n"
	"  --months-pass N      surveillance N months after a pass (12)\n"
	"  --months-fail N      ... after a fail or a violation (6)\n"
	"  --repeat-months N    a violation within N months of another climbs the ladder (24)\n"
	"  --out FILE           write the signed document (permit, status list), or the\n"
	"                       issued stamps' URIs (one a line), to FILE\n"
	"  --log DIR --log-key FILE   append every change (and imported record) to the\n"
	"                       transparency log in DIR, signed with the key in FILE\n"
	"  --json               the result as JSON\n"
	"\n"
	"Exit status: 0 done; 2 refused (the reason is printed) or bad usage: nothing\n"
	"was changed.\n";

typedef struct {
	const char *db, *spec, *actor, *trust, *key, *cert, *banned, *now, *out, *months_pass, *months_fail, *repeat,
	           *log, *log_key;
	int json;
} reg_opts;

static const char **global_slot(reg_opts *o, const char *name)
{
	static const char *const names[] = { "db", "spec", "actor", "trust", "sign-key", "sign-cert", "banned", "now",
	                                     "out", "months-pass", "months-fail", "repeat-months", "log", "log-key" };
	const char **slots[] = { &o->db, &o->spec, &o->actor, &o->trust, &o->key, &o->cert, &o->banned, &o->now, &o->out,
	                         &o->months_pass, &o->months_fail, &o->repeat, &o->log, &o->log_key };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return slots[i];
	return NULL;
}

/* --FIELD VALUE into args: FIELD's '-' become '_'; a repeated field is a
 * list; --record FILE becomes "xml" with the file's content. */
static int add_field(json_t *args, const char *opt, const char *value)
{
	char key[64];
	snprintf(key, sizeof key, "%s", opt);
	for (char *c = key; *c; c++)
		if (*c == '-')
			*c = '_';
	json_t *v;
	if (strcmp(key, "record") == 0) {
		size_t len;
		char *text = slurp(value, &len);
		if (!text)
			return -1;
		if (strlen(text) != len) {
			cli_error("registry", "%s: not a text file", value);
			free(text);
			return -1;
		}
		v = json_stringn(text, len);
		free(text);
		if (!v) {
			cli_error("registry", "%s: not UTF-8 text", value);
			return -1;
		}
		strcpy(key, "xml");
	} else if (strcmp(value, "true") == 0 || strcmp(value, "false") == 0) {
		v = json_boolean(value[0] == 't');
	} else {
		v = json_string(value);
		if (!v) {
			cli_error("registry", "--%s: not UTF-8 text", opt);
			return -1;
		}
	}
	json_t *have = json_object_get(args, key);
	if (!have) {
		json_object_set_new(args, key, v);
	} else if (json_is_array(have)) {
		json_array_append_new(have, v);
	} else {
		json_t *list = json_array();
		json_array_append(list, have);
		json_array_append_new(list, v);
		json_object_set_new(args, key, list);
	}
	return 0;
}

static void print_human(json_t *res)
{
	const char *k;
	json_t *v;
	json_object_foreach(res, k, v) {
		if (strcmp(k, "xml") == 0 || strcmp(k, "document") == 0 || ((strcmp(k, "events") == 0 || strcmp(k, "uris") == 0 || strcmp(k, "serials") == 0) && json_array_size(v) > 20))
			continue;
		if (json_is_array(v) && json_array_size(v) && json_is_object(json_array_get(v, 0))) {
			printf("%s:\n", k);
			size_t i;
			json_t *e;
			json_array_foreach(v, i, e) {
				char *line = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
				printf("  %s\n", line ? shown_line(line) : "");
				free(line);
			}
			continue;
		}
		char *text = json_is_string(v) ? NULL : json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
		printf("%s: %s\n", k, shown_line(json_is_string(v) ? json_string_value(v) : text));
		free(text);
	}
}

static int write_document(const char *path, json_t *res)
{
	json_t *uris = json_object_get(res, "uris");
	if (json_is_array(uris)) {
		/* stamp issue: the signed URIs, one a line, for gi stamp sheet */
		outfile of;
		FILE *f = outfile_open(&of, "registry", path);
		if (!f)
			return -1;
		for (size_t i = 0; i < json_array_size(uris); i++)
			fprintf(f, "%s\n", json_string_value(json_array_get(uris, i)));
		return outfile_publish(&of);
	}
	const char *doc = json_string_value(json_object_get(res, "xml"));
	if (!doc)
		doc = json_string_value(json_object_get(res, "document"));
	if (!doc) {
		cli_error("registry", "--out: this action gives no signed document");
		return -1;
	}
	outfile of;
	FILE *f = outfile_open(&of, "registry", path);
	if (!f)
		return -1;
	fputs(doc, f);
	return outfile_publish(&of);
}

/* Checks the options every action needs and fills ro's dates and months;
 * returns 0, or the exit status of the usage error reported. */
static int reg_options(const reg_opts *o, gi_registry_options *ro)
{
	if (!o->db)
		return usage_error("registry", "--db DB (or $GI_REGISTRY) is required");
	if (!o->spec)
		return usage_error("registry", "--spec SPEC is required");
	if ((o->key == NULL) != (o->cert == NULL))
		return usage_error("registry", "--sign-key and --sign-cert go together");
	if (o->now && (ro->now = cli_parse_day(o->now)) < 0)
		return usage_error("registry", "--now %s is not a date (YYYY-MM-DD)", o->now);
	const char *const texts[] = { o->months_pass, o->months_fail, o->repeat };
	int *const months[] = { &ro->months_pass, &ro->months_fail, &ro->repeat_months };
	static const char *const month_opts[] = { "--months-pass", "--months-fail", "--repeat-months" };
	for (int i = 0; i < 3; i++) {
		if (!texts[i])
			continue;
		size_t n = strspn(texts[i], "0123456789");
		if (n == 0 || n > 3 || texts[i][n] || atoi(texts[i]) == 0)
			return usage_error("registry", "%s %s is not a number of months (1-999)", month_opts[i], texts[i]);
		*months[i] = atoi(texts[i]);
	}
	return 0;
}

/* The trust anchors, signer and log key the options name, loaded by reg_load. */
typedef struct {
	gi_trust *trust;
	gi_signer *signer;
	char *log_key;
} reg_keys;

/* Loads the trust anchors, the signer (asking its password into pw) and
 * the log's key the options name; reports and returns -1 on the first
 * that fails. */
static int reg_load(const reg_opts *o, reg_keys *k, char *pw, size_t pw_size)
{
	if (o->trust && gi_trust_load(&k->trust, o->trust, NULL) < 0) {
		report_error("registry");
		return -1;
	}
	if (o->key) {
		gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
		so.key_file = o->key;
		so.cert_file = o->cert;
		if (cli_password(&so, "registry", NULL, pw, pw_size) < 0)
			return -1;
		if (gi_signer_load(&k->signer, &so) < 0) {
			report_error("registry");
			return -1;
		}
	}
	if ((o->log == NULL) != (o->log_key == NULL)) {
		usage_error("registry", "--log DIR and --log-key FILE go together");
		return -1;
	}
	if (o->log_key) {
		size_t n;
		if (!(k->log_key = slurp(o->log_key, &n)))
			return -1;
		k->log_key[strcspn(k->log_key, "\r\n")] = '\0';
	}
	return 0;
}

/* Opens the registry, runs the action and prints its result (and writes
 * it to --out); returns the exit status. */
static int reg_call(const reg_opts *o, const gi_registry_options *ro, const char *action, json_t *args)
{
	gi_registry *reg = NULL;
	char *out = NULL;
	int status = EXIT_BAD_INPUT;
	char *text = json_dumps(args, JSON_COMPACT);
	if (!text || gi_registry_open(&reg, o->db, ro) < 0 || gi_registry_call(reg, &out, action, text) < 0) {
		free(text);
		report_error("registry");
		goto done;
	}
	free(text);
	json_t *res = json_loads(out, 0, NULL);
	if (o->out && write_document(o->out, res) < 0) {
		json_decref(res);
		goto done;
	}
	if (o->json)
		printf("%s\n", out);
	else
		print_human(res);
	json_decref(res);
	status = EXIT_PASS;
done:
	gi_free(out);
	gi_registry_free(reg);
	return status;
}

static int run_action(const reg_opts *o, const char *action, json_t *args)
{
	gi_spec *spec = NULL;
	reg_keys k = { NULL, NULL, NULL };
	char pw[1024];
	int status = EXIT_BAD_INPUT;
	gi_registry_options ro = GI_REGISTRY_OPTIONS_INIT;
	int usage = reg_options(o, &ro);
	if (usage != 0)
		return usage;
	if (load_spec(&spec, o->spec) != 0)
		return EXIT_BAD_INPUT;
	if (reg_load(o, &k, pw, sizeof pw) == 0) {
		ro.log_dir = o->log;
		ro.log_key = k.log_key;
		ro.spec = spec;
		ro.trust = k.trust;
		ro.signer = k.signer;
		ro.banned_file = o->banned;
		ro.actor = o->actor ? o->actor : getenv("USER");
		status = reg_call(o, &ro, action, args);
	}
	if (k.log_key)
		OPENSSL_cleanse(k.log_key, strlen(k.log_key));
	free(k.log_key);
	gi_signer_free(k.signer);
	gi_trust_free(k.trust);
	gi_spec_free(spec);
	return status;
}

int cmd_registry(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(registry_usage, stdout);
		return EXIT_PASS;
	}
	if (argc < 3 || argv[1][0] == '-' || argv[2][0] == '-') {
		fputs(registry_usage, stderr);
		return EXIT_BAD_INPUT;
	}
	if (strcmp(argv[1], "lot") == 0 && strcmp(argv[2], "check") == 0) {
		if (argc != 4)
			return usage_error("registry", "lot check takes one lot code");
		if (gi_registry_lot_code_check(argv[3]) < 0)
			return report_error("registry");
		printf("%s: well-formed, check character correct\n", shown(argv[3]));
		return EXIT_PASS;
	}
	char action[64];
	snprintf(action, sizeof action, "%s.%s", argv[1], argv[2]);
	reg_opts o;
	memset(&o, 0, sizeof o);
	o.db = getenv("GI_REGISTRY");
	json_t *args = json_object();
	int status = EXIT_BAD_INPUT;
	for (int i = 3; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--json") == 0) {
			o.json = 1;
			continue;
		}
		if (strncmp(a, "--", 2) != 0 || !a[2]) {
			usage_error("registry", "unexpected argument '%s' (options are --NAME VALUE)", a);
			goto done;
		}
		const char *name = a + 2, *eq = strchr(name, '=');
		char nbuf[64];
		const char *value;
		if (eq) {
			snprintf(nbuf, sizeof nbuf, "%.*s", (int)(eq - name), name);
			name = nbuf;
			value = eq + 1;
		} else if (i + 1 < argc) {
			value = argv[++i];
		} else {
			usage_error("registry", "option '--%s' needs a value", name);
			goto done;
		}
		const char **slot = global_slot(&o, name);
		if (slot)
			*slot = value;
		else if (add_field(args, name, value) < 0)
			goto done;
	}
	status = run_action(&o, action, args);
done:
	json_decref(args);
	return status;
}
