/*
 C89: a block's declarations stay first. cJSON's tests/readme_examples.c
 supports_full_hd, reduced: declarations at the top of the function, in an
 if's block, and in the body of a loop made by a macro
 (cJSON_ArrayForEach), then a label reached by goto. Under -std=c89
 -pedantic -Werror (cJSON's flags) it is profiled, with exact hits, and
 with no remark (the fourth round of docs/real-code.md found it left plain).

 RUN: %clang -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-remarks=all -std=c89 -pedantic -Werror -Wall -Wextra -Wdeclaration-after-statement -O0 -g %s %rt -o %t0 2>&1 | count 0
 RUN: %clang -fplugin-arg-lineprof-file='*' -std=c89 -pedantic -Werror -Wall -Wextra -Wdeclaration-after-statement -O2 -g %s %rt -o %t2
 RUN: rm -f %t0.lprof && env LPROF_OUTPUT=%t0.lprof %t0 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t0.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t2.lprof && env LPROF_OUTPUT=%t2.lprof %t2 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t2.lprof | %python %inputs/hits.py | FileCheck %s
 */
#include <stdio.h>

struct item { struct item *next; int width, height; };

#define for_each(element, list) \
  for (element = (list); element != NULL; element = element->next)

static int has_full_hd(const struct item *list)
{
  const struct item *resolution = NULL;
  int status = 0;
  if (list == NULL)
  {
    const char *error = "empty";
    printf("%s\n", error);
    goto end;
  }
  for_each(resolution, list)
  {
    int width = resolution->width;
    int height = resolution->height;

    if (width == 1920 && height == 1080)
    {
      status = 1;
      goto end;
    }
  }

end:
  return status;
}

int main(void)
{
  struct item c, b, a;
  c.next = NULL; c.width = 1920; c.height = 1080;
  b.next = &c; b.width = 1280; b.height = 720;
  a.next = &b; a.width = 640; a.height = 480;
  printf("%d %d %d\n", has_full_hd(&a), has_full_hd(&b), has_full_hd(NULL));
  return 0;
}

/*
 OUT: empty
 OUT-NEXT: 1 1 0

 CHECK:      Function: has_full_hd at line 23
 CHECK-NEXT: 23 - |static int has_full_hd(const struct item *list)
 CHECK-NEXT: 24 - |{
 CHECK-NEXT: 25 3 |  const struct item *resolution = NULL;
 CHECK-NEXT: 26 3 |  int status = 0;
 CHECK-NEXT: 27 3 |  if (list == NULL)
 CHECK-NEXT: 28 - |  {
 CHECK-NEXT: 29 1 |    const char *error = "empty";
 CHECK-NEXT: 30 1 |    printf("%s\n", error);
 CHECK-NEXT: 31 1 |    goto end;
 CHECK-NEXT: 32 - |  }
 A loop made by one macro use counts on its line once per arrival (2)
 and once per pass of its body (5), which the written block carries.
 CHECK-NEXT: 33 7 |  for_each(resolution, list)
 CHECK-NEXT: 34 - |  {
 CHECK-NEXT: 35 5 |    int width = resolution->width;
 CHECK-NEXT: 36 5 |    int height = resolution->height;
 CHECK-NEXT: 37 - |
 CHECK-NEXT: 38 5 |    if (width == 1920 && height == 1080)
 CHECK-NEXT: 39 - |    {
 CHECK-NEXT: 40 2 |      status = 1;
 CHECK-NEXT: 41 2 |      goto end;
 CHECK-NEXT: 42 - |    }
 CHECK-NEXT: 43 - |  }
 CHECK-NEXT: 44 - |
 CHECK-NEXT: 45 3 |end:
 CHECK-NEXT: 46 3 |  return status;
 CHECK-NEXT: 47 - |}
 */
