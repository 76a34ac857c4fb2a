/* A process that loads a plugin as clang -fplugin= does, in a child, and
 * says how the child ended: "exit N" or "signal N" (a crash). Linked with a
 * fake libclang-cpp.so.<N>, it is the Clang <N> lineprof.so sees.
 *
 *   host PLUGIN */
#include <dlfcn.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    if (!dlopen(argv[1], RTLD_LAZY | RTLD_GLOBAL)) {
      fprintf(stderr, "host: %s\n", dlerror());
      _exit(3);
    }
    printf("loaded\n");
    _exit(0);
  }
  int status;
  if (waitpid(child, &status, 0) != child)
    return 2;
  if (WIFSIGNALED(status))
    printf("signal %d\n", WTERMSIG(status));
  else
    printf("exit %d\n", WEXITSTATUS(status));
  return 0;
}
