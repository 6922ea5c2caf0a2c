/* print.h: the plan as text and as JSON (see print.c). */
#ifndef SPAWN_PRINT_H
#define SPAWN_PRINT_H

#include <stdio.h>

#include "step.h"

/* --dry-run: the text, or --dry-run=json: one JSON object, to f. */
int plan_print_text(const struct plan *p, FILE *f);
int plan_print_json(const struct plan *p, FILE *f);

/* --verbose: each step's line, built into step->line before step 1. */
int print_step_lines(struct plan *p);

#endif
