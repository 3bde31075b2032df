/*
 * gen_movements.c — a stock import file for the ledger benchmark
 * (bench/bench_ledger.sh), deterministic for a given row count.
 *
 *   gen_movements ROWS ITEMS POINTS > movements.csv
 *
 * The shape of a warehouse's year of dispatch sheets: items I001.. are
 * received at GD-BENCH from SUP-BENCH in lots of 5000 kg (expiry rising
 * with each lot), and sent to points P001.. in 10 kg moves, most naming
 * the lot, every tenth leaving it empty (FEFO), every thousandth a write-
 * off. The generator follows the warehouse's stock the way the ledger
 * will (oldest lot first), so every row is valid and the import must
 * accept the whole file. Every row carries an id, as a real file meant
 * for safe re-import would.
 *
 * Memory: a few small arrays, whatever ROWS is.
 */
#include <stdio.h>
#include <stdlib.h>

#define LOT_KG 5000
#define MOVE_KG 10
#define MAX_ITEMS 1000
#define RING 2 /* lots of one item in the warehouse at once, at most */

struct item {
	long lots;           /* lots received so far */
	long lot[RING];      /* lot numbers in the warehouse, oldest first */
	long left[RING];     /* kg left in each */
	int n;               /* lots in the warehouse */
};

static struct item items[MAX_ITEMS];

static void date_of(long row, char out[24])
{
	/* 2026-01-01 plus row / 3000 days, with real month lengths. */
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long d = row / 3000;
	int m = 0;

	if (d > 364)
		d = 364;
	while (d >= dim[m]) {
		d -= dim[m];
		m++;
	}
	snprintf(out, 24, "2026-%02d-%02d", m + 1, (int)d + 1);
}

static void expiry_of(long lot, char out[24])
{
	/* 2027 onwards, one day later per lot number: never expired during
	 * 2026, and FEFO order is receipt order. */
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long d = lot % 365, y = 2027 + lot / 365;
	int m = 0;

	while (d >= dim[m]) {
		d -= dim[m];
		m++;
	}
	snprintf(out, 24, "%04d-%02d-%02d", (int)(y % 10000), m + 1, (int)d + 1);
}

int main(int argc, char **argv)
{
	long rows, nitems, npoints, row = 0, it = 0, pt;
	char day[24], exp[24];

	if (argc != 4 || (rows = atol(argv[1])) <= 0 || (nitems = atol(argv[2])) <= 0 ||
	    nitems > MAX_ITEMS || (npoints = atol(argv[3])) <= 0) {
		fprintf(stderr, "usage: gen_movements ROWS ITEMS POINTS\n");
		return 2;
	}
	printf("type,date,from,to,item,qty,lot,expiry,unit_cost,ref,id,reason\r\n");
	while (row < rows) {
		struct item *x = &items[it];
		row++;
		date_of(row, day);
		if (x->n == 0 || (x->n == 1 && x->left[0] <= LOT_KG / 5)) {
			/* Top the warehouse up before it runs dry: it holds
			 * one or two lots of each item, as a real one does. */
			long lot = x->lots++;
			long k = (long)(it + 1) * 1000000L + lot;
			expiry_of(lot, exp);
			x->lot[x->n] = k;
			x->left[x->n] = LOT_KG;
			x->n++;
			printf("receive,%s,SUP-BENCH,GD-BENCH,I%03ld,%d,L%ld,%s,12500,SJ-%ld,B%07ld,\r\n", day, it + 1,
			       LOT_KG, k, exp, row, row);
			continue;
		}
		/* Any point may get any item: a multiplicative hash of the
		 * row, so that lots spread over all points as they do in a
		 * real month, not in a pattern the caches could exploit. */
		pt = (long)(((unsigned long)row * 2654435761UL >> 13) % (unsigned long)npoints) + 1;
		if (row % 1000 == 0) {
			printf("adjust,%s,GD-BENCH,,I%03ld,-%d,,,,,B%07ld,rusak\r\n", day, it + 1, MOVE_KG, row);
		} else if (row % 10 == 0) {
			printf("move,%s,GD-BENCH,P%03ld,I%03ld,%d,,,,DO-%ld,B%07ld,\r\n", day, pt, it + 1, MOVE_KG,
			       row / 100, row);
		} else {
			printf("move,%s,GD-BENCH,P%03ld,I%03ld,%d,L%ld,,,DO-%ld,B%07ld,\r\n", day, pt, it + 1,
			       MOVE_KG, x->lot[0], row / 100, row);
		}
		/* Oldest lot first, as FEFO will; lots hold multiples of 10. */
		x->left[0] -= MOVE_KG;
		if (x->left[0] == 0) {
			for (int i = 1; i < x->n; i++) {
				x->lot[i - 1] = x->lot[i];
				x->left[i - 1] = x->left[i];
			}
			x->n--;
		}
		it = (it + 1) % nitems;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen_movements");
		return 1;
	}
	return 0;
}
