/*
 * split.c: -S/--split-string, the words of a #! line. The rules are
 * env -S's: blanks separate words; '...' is literal (only \\ and \' are
 * escapes there); "..." and bare text take the escapes \" \' \\ \$ \#
 * \_ (a space, or a word break outside quotes) \n \t \r \f \v and \c
 * (stop here); ${NAME} expands outside single quotes; # at the start of
 * a word starts a comment.
 */
#include "split.h"
#include "arena.h"
#include "env.h"
#include "fmt.h"
#include "sbuf.h"

#include <string.h>

struct split {
	struct sbuf w; /* the word being built */
	int in_word;   /* a word is open (maybe still empty: "") */
	char **list;
	size_t n, cap;
};

/* End the open word and append it to the list. */
static int
flush(struct split *sp)
{
	char *word, **l;

	if (!sp->in_word)
		return 0;
	sp->in_word = 0;
	word = sb_take(&sp->w);
	l = word == NULL ? NULL
	                 : mem_grow(sp->list, sp->n, &sp->cap, sizeof(*l));
	if (l == NULL) {
		mem_free(word);
		return -1;
	}
	sp->list = l;
	l[sp->n++] = word;
	return 0;
}

static void
add_char(struct split *sp, char c)
{
	sp->in_word = 1;
	sb_addn(&sp->w, &c, 1);
}

/* What an escape is: a character, a word break or the end. */
enum { ESC_BREAK = -2, ESC_STOP = -3, ESC_ERROR = -4 };

/* The escape \e in quote q (0, or '"'): its character, or ESC_*. */
static int
escape(char e, char q, char *msg, size_t len)
{
	static const char from[] = "\"'\\$#ntrfv", to[] = "\"'\\$#\n\t\r\f\v";
	const char *hit = e != '\0' ? strchr(from, e) : NULL;

	if (hit != NULL)
		return (unsigned char)to[hit - from];
	switch (e) {
	case '_':
		return q == 0 ? ESC_BREAK : ' ';
	case 'c':
		if (q == 0)
			return ESC_STOP;
		errorf(msg, len, "--split-string: '\\c' inside quotes");
		return ESC_ERROR;
	case '\0':
		errorf(msg, len, "--split-string: '\\' at the end");
		return ESC_ERROR;
	default:
		errorf(msg, len, "--split-string: unknown escape '\\%c'", e);
		return ESC_ERROR;
	}
}

/* ${NAME} at p: the value goes into the word; returns its last byte. */
static const char *
expand(struct split *sp, const char *p, char **envp, char *msg, size_t len)
{
	const char *name = p + 2, *end, *val;

	if (p[1] != '{' || (end = strchr(name, '}')) == NULL || end == name) {
		errorf(msg, len,
		    "--split-string: only ${NAME} expansion is supported");
		return NULL;
	}
	val = env_get(envp, name, (size_t)(end - name));
	sp->in_word = 1;
	sb_add(&sp->w, val != NULL ? val : "");
	return end;
}

static int
split_fail(struct split *sp, int nomem, char *msg, size_t len)
{
	while (sp->n > 0)
		mem_free(sp->list[--sp->n]);
	mem_free(sp->list);
	mem_free(sp->w.s);
	return nomem ? errorf(msg, len, "out of memory") : -1;
}

int
split_string(
    const char *s, char **envp, char ***words, size_t *n, char *msg, size_t len)
{
	struct split sp = { { 0 }, 0, NULL, 0, 0 };
	const char *p;
	char q = 0;
	int c;

	for (p = s; *p != '\0'; p++) {
		if (q == 0 && strchr(" \t\n\r\f\v", *p) != NULL) {
			if (flush(&sp) < 0)
				return split_fail(&sp, 1, msg, len);
		} else if (q == 0 && *p == '#' && !sp.in_word) {
			break; /* a comment, to the end */
		} else if (q == 0 && (*p == '\'' || *p == '"')) {
			q = *p;
			sp.in_word = 1;
		} else if (q != 0 && *p == q) {
			q = 0;
		} else if (*p == '\\' && q == '\'') {
			/* Only \\ and \' in single quotes; else literal. */
			if (p[1] == '\\' || p[1] == '\'')
				p++;
			add_char(&sp, *p);
		} else if (*p == '\\') {
			c = escape(*++p, q, msg, len);
			if (c == ESC_ERROR)
				return split_fail(&sp, 0, msg, len);
			if (c == ESC_STOP)
				break;
			if (c == ESC_BREAK) {
				if (flush(&sp) < 0)
					return split_fail(&sp, 1, msg, len);
			} else {
				add_char(&sp, (char)c);
			}
		} else if (*p == '$' && q != '\'') {
			if ((p = expand(&sp, p, envp, msg, len)) == NULL)
				return split_fail(&sp, 0, msg, len);
		} else {
			add_char(&sp, *p);
		}
	}
	if (*p == '\0' && q != 0) {
		errorf(msg, len, "--split-string: no closing %s quote",
		    q == '\'' ? "single" : "double");
		return split_fail(&sp, 0, msg, len);
	}
	if (flush(&sp) < 0 || sp.w.bad)
		return split_fail(&sp, 1, msg, len);
	*words = sp.list;
	*n = sp.n;
	return 0;
}
