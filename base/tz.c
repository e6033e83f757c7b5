/*
 * tz — the time zone local times are shown in (see tz.h).
 */
#include "base/tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

int
tz_known(const char *name)
{
	char path[160];

	if (name == NULL)
		return 0;
	if (strcasecmp(name, "local") == 0 || strcasecmp(name, "UTC") == 0)
		return 1;
	if (*name == '\0' || *name == '/' || strstr(name, "..") != NULL)
		return 0;
	if (snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", name) >= (int)sizeof path)
		return 0;
	return access(path, R_OK) == 0;
}

int
tz_use(const char *name, const char *env)
{
	if (!tz_known(name))
		return -1;
	if (strcasecmp(name, "local") == 0) {
		if (env)
			setenv("TZ", env, 1);
		else
			unsetenv("TZ");
	} else {
		setenv("TZ", strcasecmp(name, "UTC") == 0 ? "UTC0" : name, 1);
	}
	tzset();
	return 0;
}
