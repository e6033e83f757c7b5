/*
 * app_pretty — JSON values pretty-printed for the detail view (the one
 * place the UI parses JSON, so that drawing code needs no cJSON).
 */
#include "tui/app_int.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>


/* A JSON object or array value pretty-printed (free it), or NULL. */
char *
app_pretty_json(const char *v, size_t vn)
{
	cJSON *j = vn && (v[0] == '{' || v[0] == '[') ? cJSON_ParseWithLength(v, vn) : NULL;
	char *s = j ? cJSON_Print(j) : NULL, *p;

	cJSON_Delete(j);
	/* "key":<tab>value as "key": value (a tab in cJSON's output is never
	 * inside a string, where it is escaped) */
	for (p = s; p && (p = strstr(p, ":\t")) != NULL; p += 2)
		p[1] = ' ';
	return s;
}
