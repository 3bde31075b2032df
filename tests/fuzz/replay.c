/*
 * replay.c — runs a libFuzzer target's seed corpus and saved crashes
 * without libFuzzer, so that `make check` (gcc, ASan, UBSan) proves every
 * seed still parses and every crash once found stays fixed.
 *
 * The program fuzz_NAME replays every file in tests/fuzz/corpus/NAME and
 * in tests/fuzz/crashes/NAME (relative to the working directory, the
 * repository root under make) and prints one TAP line per file.
 */
#include <dirent.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_dir(const char *dir, int *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char path[4096];
		FILE *f;
		uint8_t *buf;
		long len;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (!(f = fopen(path, "rb")))
			continue;
		if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
			fclose(f);
			continue;
		}
		buf = malloc((size_t)len + 1);
		if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
			printf("not ok %d - %s: cannot read\n", ++*n, path);
			free(buf);
			fclose(f);
			continue;
		}
		fclose(f);
		/* A crash aborts the whole program under the sanitizers, and the
		 * runner counts that as a failure naming this program. */
		LLVMFuzzerTestOneInput(buf, (size_t)len);
		printf("ok %d - %s\n", ++*n, path);
		free(buf);
	}
	closedir(d);
	return 0;
}

int main(int argc, char **argv)
{
	char self[4096], dir[4096];
	const char *name;
	int n = 0;
	(void)argc;

	snprintf(self, sizeof self, "%s", argv[0]);
	name = basename(self);
	if (strncmp(name, "fuzz_", 5) == 0)
		name += 5;
	snprintf(dir, sizeof dir, "tests/fuzz/corpus/%s", name);
	replay_dir(dir, &n);
	snprintf(dir, sizeof dir, "tests/fuzz/crashes/%s", name);
	replay_dir(dir, &n);
	if (n == 0)
		printf("not ok 1 - no seed corpus in tests/fuzz/corpus/%s\n", name);
	printf("1..%d\n", n ? n : 1);
	return 0;
}
