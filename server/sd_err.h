/*
 * sd_err — an SLS error as slsd's store and auth report it: HTTP status,
 * errorCode and errorMessage for the JSON envelope (sd_resp_err).
 */
#ifndef SLSX_SERVER_SD_ERR_H
#define SLSX_SERVER_SD_ERR_H

struct sd_err {
	int status;      /* HTTP status */
	char code[64];
	char msg[512];
};
void sd_err_set(struct sd_err *e, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
