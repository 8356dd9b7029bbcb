/* A program with known misbehaviours, for the process and sandbox tests:
 *   harness_helper segv            dies of SIGSEGV
 *   harness_helper write FILE N    writes N bytes to FILE (RLIMIT_FSIZE: SIGXFSZ)
 *   harness_helper flood N         writes N bytes ('x') to stdout, N/2 to stderr
 *   harness_helper cat             copies stdin to stdout
 *   harness_helper exit CODE       exits with CODE
 *   harness_helper forks           forks until fork fails, prints how many (RLIMIT_NPROC)
 *   harness_helper spin            burns CPU forever (RLIMIT_CPU: SIGXCPU)
 *   harness_helper env NAME        prints getenv(NAME) and the working directory
 *   harness_helper stubborn FILE   ignores SIGTERM, creates FILE, waits forever
 *   harness_helper privileges      prints its ids and capability sets, one "name value" line each
 *   harness_helper attack-init     tries ptrace(PTRACE_ATTACH) on pid 1 and pidfd_getfd of its
 *                                  descriptor 3; prints "ptrace <errno name>", "getfd <errno name>"
 *                                  ("ok" when the attack worked)
 *   harness_helper bind PORT       binds TCP 127.0.0.1:PORT; prints "bound" or the errno name
 *   harness_helper read FILE       opens FILE for reading; prints "ok" or the errno name
 *   harness_helper create FILE N   creates FILE and writes N bytes; prints "ok" or the first errno name
 *   harness_helper unix PATH       connects to the Unix stream socket PATH; prints "ok" or the errno name
 *   harness_helper unmount PATH    umount2(PATH, MNT_DETACH), then a read-write remount of PATH;
 *                                  prints "umount <errno name>", "remount <errno name>"
 *   harness_helper processes       prints how many processes its /proc lists
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/un.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char* ErrnoName(int e) {
  switch (e) {
    case 0: return "ok";
    case EPERM: return "EPERM";
    case EACCES: return "EACCES";
    case ESRCH: return "ESRCH";
    case EBADF: return "EBADF";
    case ENOSYS: return "ENOSYS";
    case ENOENT: return "ENOENT";
    case EROFS: return "EROFS";
    case ENOSPC: return "ENOSPC";
    case EINVAL: return "EINVAL";
    case ECONNREFUSED: return "ECONNREFUSED";
    default: return "other";
  }
}

static void PrintStatusLines(void) {
  FILE* f = fopen("/proc/self/status", "r");
  char line[256];
  while (f && fgets(line, sizeof line, f)) {
    if (strncmp(line, "Cap", 3) == 0 || strncmp(line, "NoNewPrivs", 10) == 0 || strncmp(line, "Uid", 3) == 0) {
      fputs(line, stdout);
    }
  }
  if (f) fclose(f);
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const char* mode = argv[1];
  if (strcmp(mode, "segv") == 0) {
    volatile int* p = NULL;
    *p = 1;
    return 0;
  }
  if (strcmp(mode, "write") == 0 && argc == 4) {
    FILE* f = fopen(argv[2], "w");
    if (!f) return 3;
    long n = atol(argv[3]);
    for (long i = 0; i < n; ++i) fputc('x', f);
    fclose(f);
    return 0;
  }
  if (strcmp(mode, "flood") == 0 && argc == 3) {
    long n = atol(argv[2]);
    for (long i = 0; i < n; ++i) putchar('x');
    fflush(stdout);
    for (long i = 0; i < n / 2; ++i) fputc('y', stderr);
    return 0;
  }
  if (strcmp(mode, "cat") == 0) {
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) fwrite(buffer, 1, n, stdout);
    return 0;
  }
  if (strcmp(mode, "exit") == 0 && argc == 3) return atoi(argv[2]);
  if (strcmp(mode, "forks") == 0) {
    int count = 0;
    while (count < 10000) {
      pid_t pid = fork();
      if (pid < 0) break;
      if (pid == 0) {
        pause();
        _exit(0);
      }
      ++count;
    }
    printf("%d\n", count);
    fflush(stdout);
    kill(0, SIGKILL);
    return 0;
  }
  if (strcmp(mode, "spin") == 0) {
    volatile unsigned long x = 0;
    for (;;) ++x;
  }
  if (strcmp(mode, "env") == 0 && argc == 3) {
    const char* value = getenv(argv[2]);
    char cwd[4096];
    printf("%s %s\n", value ? value : "(unset)", getcwd(cwd, sizeof cwd) ? cwd : "?");
    return 0;
  }
  if (strcmp(mode, "stubborn") == 0 && argc == 3) {
    signal(SIGTERM, SIG_IGN);
    FILE* f = fopen(argv[2], "w");
    if (f) fclose(f);
    for (;;) pause();
  }
  if (strcmp(mode, "privileges") == 0) {
    PrintStatusLines();
    return 0;
  }
  if (strcmp(mode, "attack-init") == 0) {
    long r = ptrace(PTRACE_ATTACH, 1, 0, 0);
    printf("ptrace %s\n", ErrnoName(r == 0 ? 0 : errno));
    int pidfd = (int)syscall(SYS_pidfd_open, 1, 0);
    int got = pidfd < 0 ? -1 : (int)syscall(SYS_pidfd_getfd, pidfd, 3, 0);
    printf("getfd %s\n", ErrnoName(got >= 0 ? 0 : errno));
    return 0;
  }
  if (strcmp(mode, "read") == 0 && argc == 3) {
    FILE* f = fopen(argv[2], "r");
    printf("%s\n", ErrnoName(f ? 0 : errno));
    if (f) fclose(f);
    return 0;
  }
  if (strcmp(mode, "bind") == 0 && argc == 3) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)atoi(argv[2]));
    a.sin_addr.s_addr = htonl(0x7f000001);
    int r = bind(fd, (struct sockaddr*)&a, sizeof a);
    printf("%s\n", r == 0 ? "bound" : ErrnoName(errno));
    return 0;
  }
  if (strcmp(mode, "create") == 0 && argc == 4) {
    int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return printf("%s\n", ErrnoName(errno)), 0;
    static char block[65536];
    long long left = atoll(argv[3]);
    while (left > 0) {
      ssize_t n = write(fd, block, left < (long long)sizeof block ? (size_t)left : sizeof block);
      if (n < 0) return printf("%s\n", ErrnoName(errno)), 0;
      left -= n;
    }
    printf("%s\n", close(fd) == 0 ? "ok" : ErrnoName(errno));
    return 0;
  }
  if (strcmp(mode, "unix") == 0 && argc == 3) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    strncpy(a.sun_path, argv[2], sizeof a.sun_path - 1);
    int r = connect(fd, (struct sockaddr*)&a, sizeof a);
    printf("%s\n", ErrnoName(r == 0 ? 0 : errno));
    return 0;
  }
  if (strcmp(mode, "unmount") == 0 && argc == 3) {
    int r = umount2(argv[2], MNT_DETACH);
    printf("umount %s\n", ErrnoName(r == 0 ? 0 : errno));
    r = mount(NULL, argv[2], NULL, MS_REMOUNT | MS_BIND, NULL);
    printf("remount %s\n", ErrnoName(r == 0 ? 0 : errno));
    return 0;
  }
  if (strcmp(mode, "processes") == 0) {
    DIR* d = opendir("/proc");
    int count = 0;
    for (struct dirent* e; d && (e = readdir(d)) != NULL;) count += e->d_name[0] >= '1' && e->d_name[0] <= '9';
    if (d) closedir(d);
    printf("%d\n", count);
    return 0;
  }
  return 2;
}
