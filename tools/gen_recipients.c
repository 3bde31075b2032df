/*
 * gen_recipients.c — write a made-up recipients CSV for demos and benchmarks.
 *
 *   cc -O2 -o build/gen_recipients tools/gen_recipients.c
 *   build/gen_recipients --count N --villages data/wilayah/villages.csv \
 *       --regency 64.02 [--seed S] [--duplicates K] \
 *       [--deceased K --deceased-out FILE] >recipients.csv
 *
 * Columns: nik,kk,name,sex,birth_date,address,village,category,desil,phone.
 * Every person is invented: names are drawn from lists of Kutai, Banjar,
 * Bugis and Javanese names, and each NIK is made valid and unique by
 * counting serials per (district, encoded birth date) the way the civil
 * registry does, so the data passes lb_nik_parse while belonging to nobody.
 *
 * The same arguments give the same bytes on every machine: all randomness
 * comes from splitmix64 streams seeded by --seed, never rand(). The
 * duplicates and the deceased list draw from streams of their own, so
 * asking for them leaves the first N rows unchanged.
 *
 *   --duplicates K   append K rows, each repeating the name, sex, birth date,
 *                    village and category of a different earlier person under
 *                    a new valid NIK (the double registrations a screening
 *                    must catch)
 *   --deceased K     write the NIKs of K distinct generated people to
 *                    --deceased-out FILE (header "nik"), as a death register
 *                    to screen the list against
 *
 * Standalone on purpose: no lumbung library, so it builds anywhere with
 * one cc line. Exit status 0, 1 on a system failure, 2 on bad usage.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COUNT 100000000ULL /* 1e8 rows: far past any district's need */
#define OUT_BUF (1 << 22)
#define ROW_MAX 512 /* longest row we can produce, with room to spare */

/* ---- randomness ---- */

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t next64(rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) for n < 2^32 by multiply-shift; the bias is below
 * 2^-32, invisible in demo data and cheaper than rejection. */
static uint32_t below(rng *r, uint32_t n)
{
	return (uint32_t)(((next64(r) >> 32) * (uint64_t)n) >> 32);
}

/* Seed a stream from the user's seed and a stream number, so streams with
 * neighbouring seeds do not overlap. */
static rng stream(uint64_t seed, uint64_t which)
{
	rng r = { seed ^ (which * 0xd1b54a32d192ed03ULL) };

	next64(&r);
	return r;
}

/* ---- names and places ---- */

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Given names. Each list starts with names of the grandparents' generation
 * (OLD of them) and ends with ones parents chose only lately (NEW of them),
 * so that a woman born in 1940 is not called Keisha nor a boy born in 2015
 * Painem; the names between fit any age.
 */
static const char *const male[] = {
	/* old */
	"Slamet", "Sugeng", "Suparman", "Sutrisno", "Bambang", "Joko",
	"Sukardi", "Jumadi",
	/* any age */
	"Abdul", "Agus", "Arif", "Budi", "Dedi", "Eko", "Fajar", "Hendra",
	"Irwan", "Wahyu", "Yusuf", "Rudi", "Heru", "Hadi", "Darmawan",
	"Supriadi", "Ridwan", "Rahmat", "Syahrani", "Syaiful", "Fauzi", "Hamzah",
	"Iskandar", "Kamaruddin", "Mansyur", "Nasrullah", "Nurdin", "Rusli",
	"Saipul", "Taufik", "Usman", "Zainal", "Amir", "Anwar", "Baharuddin",
	"Darwis", "Firman", "Haris", "Ilham", "Junaidi", "Khairil", "Lukman",
	"Mulyadi", "Rizal", "Sahrul", "Syamsuddin", "Umar", "Yahya", "Zulkifli",
	"Baso", "Beddu", "Sudirman", "Hasanuddin", "Arsyad", "Burhanuddin",
	"Jamhari", "Basri", "Masrani", "Arbain", "Idris", "Hairul", "Fahmi",
	"Erwin", "Andri",
	/* new */
	"Rizky", "Dimas", "Aditya", "Bayu", "Reza", "Fikri", "Rafi", "Alif",
};
#define MALE_OLD 8
#define MALE_NEW 8

static const char *const female[] = {
	/* old */
	"Painem", "Ngatini", "Tumini", "Sarinah", "Sumiati", "Suharti",
	"Sulastri", "Sartini",
	/* any age */
	"Aisyah", "Aminah", "Fatimah", "Halimah", "Khadijah", "Maryam",
	"Nurhayati", "Rahmawati", "Suryani", "Wahyuni", "Yuliana", "Dewi",
	"Endang", "Hartini", "Indah", "Kartini", "Lestari", "Mariana", "Ningsih",
	"Purwanti", "Rosita", "Tuti", "Utami", "Yanti", "Zubaidah", "Rusmini",
	"Jamilah", "Salmah", "Hasnah", "Nurjannah", "Mardiana", "Syamsiah",
	"Asiah", "Bahriah", "Darmawati", "Erna", "Fitri", "Hamidah", "Irma",
	"Juliani", "Kasmawati", "Linda", "Mahyuni", "Norhayati", "Rabiah",
	"Saniah", "Titin", "Yusniar", "Zainab", "Hadijah", "Rukmini", "Sunarti",
	"Besse", "Becce", "Nurbaya", "Masnah", "Aluh", "Jumiati", "Masitah",
	"Rusdiana", "Putri", "Anisa",
	/* new */
	"Aulia", "Nabila", "Salsabila", "Zahra", "Keisha", "Alya", "Azzahra",
	"Syifa", "Naura", "Dinda",
};
#define FEMALE_OLD 8
#define FEMALE_NEW 10

/* Titles and devotional first names that go before a given name: Aji,
 * Awang and Dayang for Kutai nobility, Andi for Bugis, Raden for Javanese. */
static const char *const male_prefix[] = {
	"Muhammad", "Ahmad", "Andi", "Aji", "Awang", "Raden",
};
static const char *const female_prefix[] = {
	"Siti", "Nur", "Andi", "Aji", "Dayang", "Sri",
};

/* Second names used by men and women alike: Javanese, Banjar, Bugis,
 * Kutai and common Muslim Indonesian ones. */
static const char *const second[] = {
	"Wijaya", "Kusuma", "Santoso", "Hidayat", "Rahman", "Hasan",
	"Abdullah", "Ismail", "Nugroho", "Prasetyo", "Susilo", "Wibowo",
	"Purnomo", "Sudarmo", "Wibisono", "Mulyono", "Suryadi", "Setiawan",
	"Kurniawan", "Hadiwijaya", "Sasmita", "Prawiro", "Gunadi", "Noor",
	"Arsyad", "Asnawi", "Hamdani", "Rasyid", "Fadillah", "Ideham",
	"Mahmud", "Syahrir", "Bachtiar", "Jaya", "Kesuma", "Ramadhan",
	"Maulana", "Firmansyah", "Hakim", "Latief", "Tahir", "Mappasessu",
	"Mallarangeng", "Mattalitti", "Pawelloi", "Parewangi", "Lamba", "Sompa",
	"Mappiare", "Pananrangi", "Mattola", "Daeng", "Saleh", "Karim",
	"Baharsyah", "Effendi", "Syarifuddin", "Hamid", "Ansyari", "Sanusi",
};

static const char *const streets[] = {
	"Jl. Mulawarman", "Jl. Pahlawan", "Jl. Diponegoro", "Jl. Imam Bonjol",
	"Jl. KH Ahmad Dahlan", "Jl. Wolter Monginsidi", "Jl. Danau Semayang",
	"Jl. Loa Ipuh", "Jl. Kartini", "Jl. Jenderal Sudirman",
	"Jl. Ahmad Yani", "Jl. Cut Nyak Dien", "Jl. Kusuma Bangsa",
	"Jl. Gatot Subroto", "Jl. Ki Hajar Dewantara", "Jl. Mangkurawang",
	"Jl. Pesut", "Jl. Mahakam", "Jl. Awang Long", "Jl. Aji Imbut",
	"Jl. Sultan Sulaiman", "Jl. Ratu Agung", "Jl. Gunung Kombeng",
	"Jl. Panjaitan", "Jl. Muso Salim", "Jl. Kelinjau", "Jl. Poros Desa",
	"Jl. Padat Karya", "Jl. Kampung Baru", "Jl. Tepian Mahakam",
	"Gg. Mawar", "Gg. Melati", "Gg. Kenanga", "Gg. Anggrek", "Gg. Masjid",
	"Gg. Langgar", "Gg. Keluarga", "Gg. Damai", "Gg. Rukun", "Gg. Sepakat",
};

/* Indonesian mobile prefixes: Telkomsel, Indosat, XL, Axis, Tri. */
static const char *const phone_prefix[] = {
	"0811", "0812", "0813", "0821", "0822", "0823", "0852", "0853",
	"0814", "0815", "0816", "0855", "0856", "0857", "0858", "0817",
	"0818", "0819", "0859", "0877", "0878", "0831", "0832", "0838",
	"0895", "0896", "0897", "0898", "0899",
};

static const char *const category_name[] = { "lansia", "disabilitas", "anak" };

/* Birth years per category, in line with what each programme serves. */
static const int first_year[] = { 1935, 1950, 2009 };
static const int last_year[] = { 1965, 2005, 2020 };

struct village {
	char code[14]; /* "64.02.06.2001" */
	int district;  /* 6, from "64.02.06" */
};

/* Everything that makes a person the "same" person in a duplicate. */
struct person {
	uint8_t sex; /* 0 L, 1 P */
	uint8_t category;
	uint8_t prefix; /* 0 none, else 1 + index */
	uint8_t given;
	uint8_t middle; /* 0 none, else 1 + index */
	uint8_t bin;    /* 1: "bin/binti father" instead of a second name */
	uint8_t last;
	uint8_t month;
	uint8_t day;
	uint16_t year;
	uint32_t village;
};

/* ---- dates (proleptic Gregorian, days since 1970-01-01) ---- */

static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* ---- output ---- */

struct out {
	FILE *f;
	const char *name;
	char *buf;
	size_t len;
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("gen_recipients: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void out_flush(struct out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
		die("cannot write %s: %s", o->name, strerror(errno));
	o->len = 0;
}

/* Keep room for one whole row, so the writers below need no checks. */
static void out_room(struct out *o)
{
	if (o->len > OUT_BUF - ROW_MAX)
		out_flush(o);
}

static void put_s(struct out *o, const char *s)
{
	size_t n = strlen(s);

	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void put_c(struct out *o, char c)
{
	o->buf[o->len++] = c;
}

/* n as exactly w digits, zero-padded. */
static void put_u(struct out *o, unsigned n, int w)
{
	int i;

	for (i = w - 1; i >= 0; i--) {
		o->buf[o->len + (size_t)i] = (char)('0' + n % 10);
		n /= 10;
	}
	o->len += (size_t)w;
}

/* n in as few digits as it needs. */
static void put_n(struct out *o, unsigned n)
{
	int w = 1;
	unsigned t;

	for (t = n; t >= 10; t /= 10)
		w++;
	put_u(o, n, w);
}

static void out_close(struct out *o)
{
	out_flush(o);
	if (fflush(o->f) != 0 || ferror(o->f))
		die("cannot write %s: %s", o->name, strerror(errno));
	if (o->f != stdout && fclose(o->f) != 0)
		die("cannot close %s: %s", o->name, strerror(errno));
}

/* ---- the generator ---- */

struct gen {
	struct village *villages;
	size_t n_villages;
	int prov, reg; /* 64, 2 */
	/* Serials handed out so far per (district, yy, month, day+40 if P),
	 * the same key the NIK's first 12 digits carry, so the next serial
	 * makes the NIK unique. */
	uint16_t *serials;
};

static size_t serial_slot(int district, int year, int month, int nik_day)
{
	return (((size_t)district * 100 + (size_t)(year % 100)) * 12 +
		(size_t)(month - 1)) * 72 + (size_t)nik_day;
}

static int nik_day(const struct person *p)
{
	return p->day + (p->sex ? 40 : 0);
}

/*
 * Draw the name parts. Per 100 names:
 *    4 given second                     Sahrul Wibisono
 *    6 prefix given second              Andi Baso Mappasessu
 *   45 prefix given middle second       Siti Aminah Rosita Noor
 *   25 given middle second              Umar Irwan Gunadi
 *   10 given middle bin/binti father    Hasnah Salmah binti Idris
 *   10 prefix given middle bin father   Awang Rusli Idris bin Usman
 * The two-word forms have only a few thousand combinations each, so they
 * are kept rare: that way about four in five of a million names are unique.
 */
static void draw_name(rng *r, struct person *p)
{
	uint32_t n = p->sex ? N_OF(female) : N_OF(male);
	uint32_t lo = 0, hi = n, m, pattern = below(r, 100);

	/* nobody born before 1975 has a new name, nobody since 1995 an old one */
	if (p->year < 1975)
		hi -= p->sex ? FEMALE_NEW : MALE_NEW;
	else if (p->year >= 1995)
		lo = p->sex ? FEMALE_OLD : MALE_OLD;
	p->given = (uint8_t)(lo + below(r, hi - lo));
	p->prefix = 0;
	p->middle = 0;
	p->bin = 0;
	if ((pattern >= 4 && pattern < 55) || pattern >= 90)
		p->prefix = (uint8_t)(1 + below(r, p->sex ? N_OF(female_prefix)
							  : N_OF(male_prefix)));
	if (pattern >= 10) {
		/* a middle name differs from the given name */
		m = lo + below(r, hi - lo - 1);
		p->middle = (uint8_t)(1 + (m >= p->given ? m + 1 : m));
	}
	if (pattern >= 80) {
		/* a father is never young enough for a new name */
		p->bin = 1;
		p->last = (uint8_t)below(r, N_OF(male) - MALE_NEW);
	} else {
		p->last = (uint8_t)below(r, N_OF(second));
	}
}

static void put_name(struct out *o, const struct person *p)
{
	const char *const *given = p->sex ? female : male;

	if (p->prefix) {
		put_s(o, p->sex ? female_prefix[p->prefix - 1]
				: male_prefix[p->prefix - 1]);
		put_c(o, ' ');
	}
	put_s(o, given[p->given]);
	if (p->middle) {
		put_c(o, ' ');
		put_s(o, given[p->middle - 1]);
	}
	if (p->bin) {
		put_s(o, p->sex ? " binti " : " bin ");
		put_s(o, male[p->last]);
	} else {
		put_c(o, ' ');
		put_s(o, second[p->last]);
	}
}

/* Draw a person whose NIK key still has a free serial. */
static void draw_person(struct gen *g, rng *r, struct person *p)
{
	static const uint32_t cat_cut[] = { 60, 85 }; /* 60/25/15 % */
	uint32_t c;
	long from, span;
	int y, m, d, tries;

	c = below(r, 100);
	p->category = (uint8_t)(c < cat_cut[0] ? 0 : c < cat_cut[1] ? 1 : 2);
	p->sex = (uint8_t)below(r, 2);
	for (tries = 0;; tries++) {
		if (tries == 1000)
			die("every serial of the birth dates tried is taken: ask for fewer rows");
		from = days_from_civil(first_year[p->category], 1, 1);
		span = days_from_civil(last_year[p->category], 12, 31) - from + 1;
		civil_from_days(from + (long)below(r, (uint32_t)span), &y, &m, &d);
		p->year = (uint16_t)y;
		p->month = (uint8_t)m;
		p->day = (uint8_t)d;
		p->village = below(r, (uint32_t)g->n_villages);
		if (g->serials[serial_slot(g->villages[p->village].district, y, m,
					   nik_day(p))] < 9999)
			break;
	}
	draw_name(r, p);
}

/* Take the next serial for p's key and write the NIK into nik[17]. */
static int make_nik(struct gen *g, const struct person *p, char nik[17])
{
	int district = g->villages[p->village].district;
	uint16_t *s = &g->serials[serial_slot(district, p->year, p->month,
					      nik_day(p))];

	const int part[6] = { g->prov, g->reg, district, nik_day(p), p->month,
			      p->year % 100 };
	unsigned n;
	int i;

	if (*s >= 9999)
		return -1;
	(*s)++;
	for (i = 0; i < 6; i++) {
		nik[2 * i] = (char)('0' + part[i] / 10);
		nik[2 * i + 1] = (char)('0' + part[i] % 10);
	}
	for (i = 15, n = *s; i >= 12; i--, n /= 10)
		nik[i] = (char)('0' + n % 10);
	nik[16] = '\0';
	return 0;
}

static void put_row(struct gen *g, rng *r, struct out *o,
		    const struct person *p, const char *nik)
{
	static const uint32_t desil_cut[] = { 35, 65, 85 }; /* 35/30/20/15 % */
	const struct village *v = &g->villages[p->village];
	uint32_t x;
	long kk_from;
	int y, m, d;

	out_room(o);
	put_s(o, nik);
	put_c(o, ',');

	/* KK: the district's 6 digits, an issue date, a serial */
	put_u(o, (unsigned)g->prov, 2);
	put_u(o, (unsigned)g->reg, 2);
	put_u(o, (unsigned)v->district, 2);
	kk_from = days_from_civil(2005, 1, 1);
	civil_from_days(kk_from + (long)below(r, (uint32_t)(days_from_civil(
				  2025, 12, 31) - kk_from + 1)), &y, &m, &d);
	put_u(o, (unsigned)d, 2);
	put_u(o, (unsigned)m, 2);
	put_u(o, (unsigned)(y % 100), 2);
	put_u(o, 1 + below(r, 9999), 4);
	put_c(o, ',');

	put_name(o, p);
	put_c(o, ',');
	put_c(o, p->sex ? 'P' : 'L');
	put_c(o, ',');
	put_u(o, p->year, 4);
	put_c(o, '-');
	put_u(o, p->month, 2);
	put_c(o, '-');
	put_u(o, p->day, 2);
	put_c(o, ',');

	put_s(o, "RT ");
	put_u(o, 1 + below(r, 40), 3);
	put_c(o, ' ');
	put_s(o, streets[below(r, N_OF(streets))]);
	put_s(o, " No. ");
	put_n(o, 1 + below(r, 150));
	put_c(o, ',');

	put_s(o, v->code);
	put_c(o, ',');
	put_s(o, category_name[p->category]);
	put_c(o, ',');
	x = below(r, 100);
	put_c(o, (char)('1' + (x >= desil_cut[0]) + (x >= desil_cut[1]) +
			(x >= desil_cut[2])));
	put_c(o, ',');

	if (below(r, 100) >= 30) {
		put_s(o, phone_prefix[below(r, N_OF(phone_prefix))]);
		put_u(o, below(r, 10000000), 7);
		if (below(r, 2))
			put_c(o, (char)('0' + below(r, 10)));
	}
	put_c(o, '\n');
}

/* ---- input ---- */

static int is_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Villages of the regency "PP.RR" from an idn-area-data villages.csv
 * (code,district_code,name); only the codes matter here. */
static void read_villages(struct gen *g, const char *path, const char *regency)
{
	char line[1024], where[64];
	FILE *f;
	size_t cap = 0, n;
	long lineno = 0;
	struct village *v;

	f = fopen(path, "r");
	if (!f)
		die("cannot open %s: %s", path, strerror(errno));
	while (fgets(line, sizeof line, f)) {
		lineno++;
		n = strlen(line);
		if (n == sizeof line - 1 && line[n - 1] != '\n')
			die("%s line %ld: line too long", path, lineno);
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (lineno == 1) {
			if (strncmp(line, "code,district_code,", 19) != 0)
				die("%s: header is not code,district_code,name",
				    path);
			continue;
		}
		if (strncmp(line, regency, 5) != 0 || line[5] != '.')
			continue;
		snprintf(where, sizeof where, "%s line %ld", path, lineno);
		/* "PP.RR.DD.VVVV,PP.RR.DD,name" */
		if (n < 23 || line[8] != '.' || line[13] != ',' ||
		    !is_digits(line + 6, 2) || !is_digits(line + 9, 4) ||
		    strncmp(line + 14, line, 8) != 0 || line[22] != ',')
			die("%s: not a village row of the form "
			    "PP.RR.DD.VVVV,PP.RR.DD,name", where);
		if (g->n_villages == cap) {
			cap = cap ? cap * 2 : 256;
			v = realloc(g->villages, cap * sizeof *v);
			if (!v)
				die("out of memory");
			g->villages = v;
		}
		v = &g->villages[g->n_villages++];
		memcpy(v->code, line, 13);
		v->code[13] = '\0';
		v->district = (line[6] - '0') * 10 + (line[7] - '0');
		if (v->district == 0)
			die("%s: district code 00 cannot be in a NIK", where);
	}
	if (ferror(f))
		die("cannot read %s: %s", path, strerror(errno));
	fclose(f);
	if (lineno == 0)
		die("%s is empty", path);
	if (g->n_villages == 0)
		die("%s has no villages of regency %s", path, regency);
}

/* ---- main ---- */

static void usage(void)
{
	fputs("usage: gen_recipients --count N --villages FILE --regency PP.RR\n"
	      "                      [--seed S] [--duplicates K]\n"
	      "                      [--deceased K --deceased-out FILE]\n"
	      "Writes a made-up recipients CSV to stdout (see the head of\n"
	      "tools/gen_recipients.c).\n",
	      stderr);
}

static void bad_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void bad_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("gen_recipients: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage();
	exit(2);
}

static uint64_t number(const char *opt, const char *s, uint64_t max)
{
	unsigned long long v;
	char *end;

	if (!s || s[0] < '0' || s[0] > '9')
		bad_usage("%s needs a whole number", opt);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		bad_usage("%s: not a whole number in range", opt);
	return v;
}

int main(int argc, char **argv)
{
	const char *villages = NULL, *regency = NULL, *dead_path = NULL;
	uint64_t count = 0, seed = 1, n_dead = 0, n_dup = 0, i, left;
	int have_count = 0, a;
	struct gen g;
	struct out o, dead;
	struct person p, *dups = NULL;
	size_t n_dups = 0, j;
	rng r_main, r_dead, r_dup;
	char nik[17];

	memset(&g, 0, sizeof g);
	for (a = 1; a < argc; a++) {
		const char *opt = argv[a], *val = a + 1 < argc ? argv[a + 1] : NULL;

		if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) {
			usage();
			return 0;
		}
		if (strcmp(opt, "--count") && strcmp(opt, "--seed") &&
		    strcmp(opt, "--villages") && strcmp(opt, "--regency") &&
		    strcmp(opt, "--deceased") && strcmp(opt, "--deceased-out") &&
		    strcmp(opt, "--duplicates"))
			bad_usage("unknown option %s", opt);
		if (!val)
			bad_usage("%s needs a value", opt);
		a++;
		if (!strcmp(opt, "--count")) {
			count = number(opt, val, MAX_COUNT);
			have_count = 1;
		} else if (!strcmp(opt, "--seed")) {
			seed = number(opt, val, UINT64_MAX);
		} else if (!strcmp(opt, "--villages")) {
			villages = val;
		} else if (!strcmp(opt, "--regency")) {
			regency = val;
		} else if (!strcmp(opt, "--deceased")) {
			n_dead = number(opt, val, MAX_COUNT);
		} else if (!strcmp(opt, "--deceased-out")) {
			dead_path = val;
		} else {
			n_dup = number(opt, val, MAX_COUNT);
		}
	}
	if (!have_count || !villages || !regency)
		bad_usage("--count, --villages and --regency are needed");
	if (strlen(regency) != 5 || regency[2] != '.' ||
	    !is_digits(regency, 2) || !is_digits(regency + 3, 2))
		bad_usage("--regency %s is not of the form PP.RR, e.g. 64.02",
			  regency);
	g.prov = (regency[0] - '0') * 10 + (regency[1] - '0');
	g.reg = (regency[3] - '0') * 10 + (regency[4] - '0');
	if (g.prov < 11 || g.reg == 0)
		bad_usage("--regency %s cannot be in a NIK: provinces run 11 to 99, "
			  "regencies from 01", regency);
	if (n_dead > count)
		bad_usage("--deceased cannot exceed --count");
	if (n_dup > count)
		bad_usage("--duplicates cannot exceed --count: each repeats a "
			  "different person");
	if (n_dead && !dead_path)
		bad_usage("--deceased needs --deceased-out FILE");

	read_villages(&g, villages, regency);
	g.serials = calloc((size_t)100 * 100 * 12 * 72, sizeof *g.serials);
	o.buf = malloc(OUT_BUF);
	dead.buf = malloc(OUT_BUF);
	if (n_dup) {
		dups = malloc((size_t)n_dup * sizeof *dups);
		if (!dups)
			die("out of memory for the duplicates");
	}
	if (!g.serials || !o.buf || !dead.buf)
		die("out of memory");
	o.f = stdout;
	o.name = "stdout";
	o.len = 0;
	dead.f = NULL;
	dead.name = dead_path;
	dead.len = 0;
	if (dead_path) {
		dead.f = fopen(dead_path, "w");
		if (!dead.f)
			die("cannot open %s: %s", dead_path, strerror(errno));
		put_s(&dead, "nik\n");
	}

	r_main = stream(seed, 1);
	r_dead = stream(seed, 2);
	r_dup = stream(seed, 3);
	put_s(&o, "nik,kk,name,sex,birth_date,address,village,category,desil,phone\n");
	for (i = 0; i < count; i++) {
		draw_person(&g, &r_main, &p);
		if (make_nik(&g, &p, nik))
			die("no serial left for a NIK");
		put_row(&g, &r_main, &o, &p, nik);
		/* Selection sampling (Knuth's algorithm S): exactly K distinct
		 * rows, uniformly, in one pass and no memory. */
		left = count - i;
		if (n_dead && below(&r_dead, (uint32_t)left) < n_dead) {
			out_room(&dead);
			put_s(&dead, nik);
			put_c(&dead, '\n');
			n_dead--;
		}
		if (n_dups < n_dup &&
		    below(&r_dup, (uint32_t)left) < n_dup - n_dups)
			dups[n_dups++] = p;
	}

	/* Shuffle so the repeats do not come in the order of their originals. */
	for (j = n_dups; j > 1; j--) {
		size_t k = below(&r_dup, (uint32_t)j);
		struct person t = dups[j - 1];

		dups[j - 1] = dups[k];
		dups[k] = t;
	}
	for (j = 0; j < n_dups; j++) {
		if (make_nik(&g, &dups[j], nik))
			die("no serial left for a duplicate's NIK");
		put_row(&g, &r_dup, &o, &dups[j], nik);
	}

	out_close(&o);
	if (dead.f)
		out_close(&dead);
	free(dups);
	free(dead.buf);
	free(o.buf);
	free(g.serials);
	free(g.villages);
	return 0;
}
