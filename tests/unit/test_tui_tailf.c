/*
 * test_tui_tailf — the tail filter's index (tui/app_tailf.c): set once,
 * entries merged in the ring's order as they arrive, pruned as the ring
 * drops its front, and the count of kept lines up to a ring position.
 */
#include <stdlib.h>
#include <string.h>

#include "client/cl_tail.h"
#include "tui/app_tailf.h"
#include "tests/unit/t.h"

static struct app_tailf_ent
ent(int64_t key, uint32_t page, uint32_t log)
{
	struct app_tailf_ent e = { key, page, log, 0, 0 };

	return e;
}

static struct cl_tail_log
ring_log(int64_t key, uint32_t page, uint32_t log)
{
	struct cl_tail_log tl;

	memset(&tl, 0, sizeof tl);
	tl.key = key;
	tl.page = page;
	tl.log = log;
	return tl;
}

static void
test_set_and_match(void)
{
	struct app_tailf f;
	uint32_t so = 0, eo = 0;

	memset(&f, 0, sizeof f);
	T_CHECK(!app_tailf_on(&f));
	T_EQ_INT(app_tailf_match(&f, "level=ERROR", &so, &eo), 0);
	T_EQ_INT(app_tailf_set(&f, "err(or)?", NULL), 0);
	T_CHECK(app_tailf_on(&f));
	T_EQ_STR(f.src, "err(or)?");
	T_EQ_INT(app_tailf_match(&f, "level=ERROR msg=x", &so, &eo), 1);
	T_EQ_INT((int)so, 6);
	T_EQ_INT((int)eo, 11);
	T_EQ_INT(app_tailf_match(&f, "level=INFO", &so, &eo), 0);
	/* not a regex: the filter is off, the old one gone */
	T_EQ_INT(app_tailf_set(&f, "(", NULL), -1);
	T_CHECK(!app_tailf_on(&f));
	T_EQ_STR(f.src, "");
	T_EQ_INT(app_tailf_set(&f, "x", NULL), 0);
	T_EQ_INT(app_tailf_set(&f, "", NULL), 0);
	T_CHECK(!app_tailf_on(&f));
	app_tailf_free(&f);
}

static void
test_add_in_order(void)
{
	struct app_tailf f;
	struct app_tailf_ent a[3], b[2], late[2];
	struct cl_tail_log tl;
	size_t i;

	memset(&f, 0, sizeof f);
	a[0] = ent(10, 0, 0);
	a[1] = ent(20, 0, 1);
	a[2] = ent(30, 0, 2);
	app_tailf_add(&f, a, 3);
	/* an append */
	b[0] = ent(40, 1, 0);
	b[1] = ent(50, 1, 1);
	app_tailf_add(&f, b, 2);
	/* another shard's older logs merge in between */
	late[0] = ent(15, 2, 0);
	late[1] = ent(35, 2, 1);
	app_tailf_add(&f, late, 2);
	T_EQ_INT((int)app_tailf_count(&f), 7);
	for (i = 1; i < app_tailf_count(&f); i++)
		T_CHECK(app_tailf_at(&f, i - 1)->key < app_tailf_at(&f, i)->key);
	T_EQ_INT((int)app_tailf_at(&f, 1)->key, 15);
	T_EQ_INT((int)app_tailf_at(&f, 4)->key, 35);
	T_CHECK(app_tailf_at(&f, 7) == NULL);
	/* equal times order by page, then log */
	late[0] = ent(20, 3, 0);
	app_tailf_add(&f, late, 1);
	T_EQ_INT((int)app_tailf_at(&f, 3)->page, 3);
	T_EQ_INT((int)app_tailf_at(&f, 2)->page, 0);
	/* kept lines up to a ring position */
	tl = ring_log(20, 0, 1);
	T_EQ_INT((int)app_tailf_upto(&f, &tl), 3);
	tl = ring_log(5, 9, 9);
	T_EQ_INT((int)app_tailf_upto(&f, &tl), 0);
	tl = ring_log(99, 0, 0);
	T_EQ_INT((int)app_tailf_upto(&f, &tl), 8);
	app_tailf_free(&f);
}

static void
test_prune(void)
{
	struct app_tailf f;
	struct app_tailf_ent e[200];
	struct cl_tail_log front;
	size_t i;

	memset(&f, 0, sizeof f);
	for (i = 0; i < 200; i++)
		e[i] = ent((int64_t)i * 10, (uint32_t)(i / 50), (uint32_t)(i % 50));
	app_tailf_add(&f, e, 200);
	/* the ring dropped its front up to the log with key 505 */
	front = ring_log(505, 1, 0);
	app_tailf_prune(&f, &front);
	T_EQ_INT((int)app_tailf_count(&f), 149);
	T_EQ_INT((int)app_tailf_at(&f, 0)->key, 510);
	/* more arrive after a prune: the index stays in order, no loss */
	for (i = 0; i < 100; i++)
		e[i] = ent(2000 + (int64_t)i, 9, (uint32_t)i);
	app_tailf_add(&f, e, 100);
	T_EQ_INT((int)app_tailf_count(&f), 249);
	T_EQ_INT((int)app_tailf_at(&f, 248)->key, 2099);
	T_EQ_INT((int)app_tailf_at(&f, 0)->key, 510);
	/* everything dropped */
	front = ring_log(1 << 20, 0, 0);
	app_tailf_prune(&f, &front);
	T_EQ_INT((int)app_tailf_count(&f), 0);
	app_tailf_free(&f);
}

/* Without a tail the filter indexes nothing and updates are no-ops. */
static void
test_no_tail(void)
{
	struct app_tailf f;

	memset(&f, 0, sizeof f);
	T_EQ_INT(app_tailf_set(&f, "a", NULL), 0);
	app_tailf_update(&f, NULL);
	app_tailf_rebuild(&f, NULL);
	T_EQ_INT((int)app_tailf_count(&f), 0);
	app_tailf_free(&f);
}

#define T_LIST(X) X(test_set_and_match) X(test_add_in_order) X(test_prune) X(test_no_tail)
T_MAIN(T_LIST)
