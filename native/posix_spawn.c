/*
 * riposte_spawn: starts a response executable with posix_spawn (glibc: clone with CLONE_VM |
 * CLONE_VFORK, so no page-table copy of the daemon) and reports its exit through a pidfd.
 * Node's child_process forks the whole daemon for every run; on a large agent that fork is
 * most of the cost of a response (docs/dependencies.md, "native/posix_spawn.c").
 *
 * JS interface (Node-API, used only by src/response/posix_spawner.ts):
 *   init(onExit)                 onExit(pid, exitCode | null, signal | null), called on the
 *                                JS thread once per child
 *   spawn(path, argv, env, cwd, input, done)
 *                                done({ pid, stdin, stdout, written }) with the daemon's pipe
 *                                ends (close-on-exec; stdin non-blocking) and how many bytes of input (UTF-8, no
 *                                NUL) are already in stdin, or done({ errno }) when it could not
 *                                start. posix_spawn runs on a libuv pool thread: it keeps its
 *                                thread suspended until the child has exec'd, and that must
 *                                not be the JS thread. The exit may be reported before done.
 * The child: its own session and process group (like detached: true), every signal at its
 * default and none blocked, stdin and stdout the pipes, stderr /dev/null, cwd, no other fd.
 * No shell, ever: path and argv go to execve as given.
 * Exits are collected by one reaper thread per Node environment (epoll over pidfds).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <node_api.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

typedef struct {
  napi_threadsafe_function tsfn;
  int epfd;
  int stopfd;
  pthread_t thread;
  int started;
  int64_t pending; /* children not yet reported; touched on the JS thread only */
} Reaper;

typedef struct {
  int32_t pid;
  int32_t code;   /* exit status, or -1 */
  int32_t signal; /* terminating signal, or 0 */
} Exit;

static void *reap_loop(void *arg) {
  Reaper *r = arg;
  struct epoll_event events[64];
  for (;;) {
    int n = epoll_wait(r->epfd, events, 64, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < n; i++) {
      int fd = (int)events[i].data.u64;
      if (fd == r->stopfd) goto out;
      siginfo_t info;
      memset(&info, 0, sizeof info);
      int32_t pid = (int32_t)(events[i].data.u64 >> 32);
      if (waitid(P_PIDFD, (id_t)fd, &info, WEXITED) != 0) continue;
      epoll_ctl(r->epfd, EPOLL_CTL_DEL, fd, NULL);
      close(fd);
      Exit *e = malloc(sizeof *e);
      if (!e) continue;
      e->pid = pid;
      e->code = info.si_code == CLD_EXITED ? info.si_status : -1;
      e->signal = info.si_code == CLD_EXITED ? 0 : info.si_status;
      if (napi_call_threadsafe_function(r->tsfn, e, napi_tsfn_blocking) != napi_ok) free(e);
    }
  }
out:
  return NULL;
}

static void call_on_exit(napi_env env, napi_value fn, void *context, void *data) {
  Reaper *r = context;
  Exit *e = data;
  if (env != NULL && fn != NULL) {
    napi_value args[3], undefined;
    napi_get_undefined(env, &undefined);
    napi_create_int32(env, e->pid, &args[0]);
    if (e->code >= 0) napi_create_int32(env, e->code, &args[1]);
    else napi_get_null(env, &args[1]);
    if (e->signal > 0) napi_create_int32(env, e->signal, &args[2]);
    else napi_get_null(env, &args[2]);
    if (--r->pending == 0) napi_unref_threadsafe_function(env, r->tsfn);
    napi_call_function(env, undefined, fn, 3, args, NULL);
  }
  free(e);
}

static void stop_reaper(void *arg) {
  Reaper *r = arg;
  if (r->started) {
    uint64_t one = 1;
    if (write(r->stopfd, &one, sizeof one) == sizeof one) pthread_join(r->thread, NULL);
    napi_release_threadsafe_function(r->tsfn, napi_tsfn_abort);
  }
  if (r->epfd >= 0) close(r->epfd);
  if (r->stopfd >= 0) close(r->stopfd);
  free(r);
}

static napi_value throw_error(napi_env env, const char *message) {
  napi_throw_error(env, "ERR_RIPOSTE_SPAWN", message);
  return NULL;
}

static napi_value init(napi_env env, napi_callback_info info) {
  Reaper *r;
  if (napi_get_instance_data(env, (void **)&r) != napi_ok || r == NULL) return throw_error(env, "addon not loaded");
  if (r->started) return throw_error(env, "init called twice");
  size_t argc = 1;
  napi_value fn, name;
  napi_get_cb_info(env, info, &argc, &fn, NULL, NULL);
  napi_create_string_utf8(env, "riposte_spawn_exit", NAPI_AUTO_LENGTH, &name);
  if (napi_create_threadsafe_function(env, fn, NULL, name, 0, 1, NULL, NULL, r, call_on_exit, &r->tsfn) != napi_ok)
    return throw_error(env, "cannot create the exit callback");
  napi_unref_threadsafe_function(env, r->tsfn);
  r->epfd = epoll_create1(EPOLL_CLOEXEC);
  r->stopfd = eventfd(0, EFD_CLOEXEC);
  struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t)(uint32_t)r->stopfd};
  if (r->epfd < 0 || r->stopfd < 0 || epoll_ctl(r->epfd, EPOLL_CTL_ADD, r->stopfd, &ev) != 0 ||
      pthread_create(&r->thread, NULL, reap_loop, r) != 0)
    return throw_error(env, strerror(errno));
  r->started = 1;
  return NULL;
}

/* A JS string as a new C string (caller frees), or NULL. */
static char *get_string(napi_env env, napi_value v) {
  size_t len;
  if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) return NULL;
  char *s = malloc(len + 1);
  if (s && napi_get_value_string_utf8(env, v, s, len + 1, &len) != napi_ok) {
    free(s);
    return NULL;
  }
  if (s && strlen(s) != len) { /* an embedded NUL would silently cut the string */
    free(s);
    return NULL;
  }
  return s;
}

/* A JS string array as a NULL-terminated C vector, prefixed by `first` when given. */
static char **get_vector(napi_env env, napi_value arr, char *first) {
  uint32_t n;
  if (napi_get_array_length(env, arr, &n) != napi_ok) return NULL;
  size_t off = first ? 1 : 0;
  char **v = calloc(n + off + 1, sizeof *v);
  if (!v) return NULL;
  if (first) v[0] = strdup(first);
  for (uint32_t i = 0; i < n; i++) {
    napi_value item;
    if (napi_get_element(env, arr, i, &item) != napi_ok || (v[i + off] = get_string(env, item)) == NULL) {
      for (uint32_t j = 0; j < i + off; j++) free(v[j]);
      free(v);
      return NULL;
    }
  }
  return v;
}

static void free_vector(char **v) {
  if (!v) return;
  for (char **p = v; *p; p++) free(*p);
  free(v);
}

static int start_child(const char *path, char **argv, char **envp, const char *cwd, int in[2], int out[2], pid_t *pid) {
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addchdir_np(&fa, cwd);
  posix_spawn_file_actions_addclosefrom_np(&fa, 3);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  int err = posix_spawn(pid, path, &fa, &attr, argv, envp);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  return err;
}

/* One spawn request: built on the JS thread, run on a libuv pool thread (posix_spawn keeps
 * the calling thread suspended until the child has exec'd), answered on the JS thread. */
typedef struct {
  Reaper *reaper;
  char *path, *cwd, **argv, **envp;
  char *input;        /* the first bytes of the child's stdin */
  size_t input_len;
  size_t written;     /* how many of them are already in the pipe */
  int err;
  pid_t pid;
  int stdin_fd, stdout_fd;
  napi_ref callback;
  napi_async_work work;
} Request;

static void free_request(napi_env env, Request *q) {
  if (q->callback) napi_delete_reference(env, q->callback);
  if (q->work) napi_delete_async_work(env, q->work);
  free(q->path);
  free(q->cwd);
  free(q->input);
  free_vector(q->argv);
  free_vector(q->envp);
  free(q);
}

/* Makes the daemon's end of stdin non-blocking (it stays so: the JS side writes to it
 * directly) and writes what fits of the input into the empty pipe before the child exists:
 * no reader to wake, and the JS thread writes only the rest (if any). */
static int prefill(int fd, Request *q) {
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) return -1;
  if (q->input_len == 0) return 0;
  ssize_t n = write(fd, q->input, q->input_len);
  if (n < 0 && errno != EAGAIN) return -1;
  q->written = n < 0 ? 0 : (size_t)n;
  return 0;
}

static void execute_spawn(napi_env env, void *data) {
  (void)env;
  Request *q = data;
  int in[2] = {-1, -1}, out[2] = {-1, -1};
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
    q->err = errno;
  } else if (prefill(in[1], q) != 0) {
    q->err = errno;
  } else if ((q->err = start_child(q->path, q->argv, q->envp, q->cwd, in, out, &q->pid)) == 0) {
    int pidfd = (int)syscall(SYS_pidfd_open, q->pid, 0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = ((uint64_t)(uint32_t)q->pid << 32) | (uint32_t)pidfd};
    if (pidfd < 0 || epoll_ctl(q->reaper->epfd, EPOLL_CTL_ADD, pidfd, &ev) != 0) {
      /* Cannot watch it: do not leave an unsupervised child behind. */
      q->err = errno ? errno : EIO;
      kill(-q->pid, SIGKILL);
      waitpid(q->pid, NULL, 0);
      if (pidfd >= 0) close(pidfd);
    } else {
      q->stdin_fd = in[1];
      q->stdout_fd = out[0];
      in[1] = -1;
      out[0] = -1;
    }
  }
  for (int i = 0; i < 2; i++) {
    if (in[i] >= 0) close(in[i]);
    if (out[i] >= 0) close(out[i]);
  }
}

static void set_int(napi_env env, napi_value obj, const char *name, int32_t value) {
  napi_value v;
  napi_create_int32(env, value, &v);
  napi_set_named_property(env, obj, name, v);
}

static void complete_spawn(napi_env env, napi_status status, void *data) {
  Request *q = data;
  napi_value result, callback, undefined;
  napi_create_object(env, &result);
  if (status != napi_ok && q->err == 0) q->err = ECANCELED;
  if (q->err != 0) {
    set_int(env, result, "errno", q->err);
    if (--q->reaper->pending == 0) napi_unref_threadsafe_function(env, q->reaper->tsfn);
  } else {
    set_int(env, result, "pid", q->pid);
    set_int(env, result, "stdin", q->stdin_fd);
    set_int(env, result, "stdout", q->stdout_fd);
    set_int(env, result, "written", (int32_t)q->written);
  }
  napi_get_undefined(env, &undefined);
  if (napi_get_reference_value(env, q->callback, &callback) == napi_ok && callback != NULL)
    napi_call_function(env, undefined, callback, 1, &result, NULL);
  free_request(env, q);
}

/* spawn(path, argv, env, cwd, input, done): done({ pid, stdin, stdout, written } | { errno }) later. */
static napi_value spawn(napi_env env, napi_callback_info info) {
  Reaper *r;
  if (napi_get_instance_data(env, (void **)&r) != napi_ok || r == NULL || !r->started) return throw_error(env, "init first");
  size_t argc = 6;
  napi_value args[6], name;
  napi_get_cb_info(env, info, &argc, args, NULL, NULL);
  if (argc < 6) return throw_error(env, "spawn(path, argv, env, cwd, input, done)");
  Request *q = calloc(1, sizeof *q);
  if (!q) return throw_error(env, "out of memory");
  q->reaper = r;
  q->stdin_fd = q->stdout_fd = -1;
  q->path = get_string(env, args[0]);
  q->cwd = get_string(env, args[3]);
  q->argv = q->path ? get_vector(env, args[1], q->path) : NULL;
  q->envp = get_vector(env, args[2], NULL);
  q->input = get_string(env, args[4]);
  q->input_len = q->input ? strlen(q->input) : 0;
  if (!q->path || !q->cwd || !q->argv || !q->envp || !q->input) {
    free_request(env, q);
    return throw_error(env, "spawn: path, argv, env, cwd and input must be strings without NUL");
  }
  napi_create_string_utf8(env, "riposte_spawn", NAPI_AUTO_LENGTH, &name);
  if (napi_create_reference(env, args[5], 1, &q->callback) != napi_ok ||
      napi_create_async_work(env, NULL, name, execute_spawn, complete_spawn, q, &q->work) != napi_ok ||
      napi_queue_async_work(env, q->work) != napi_ok) {
    free_request(env, q);
    return throw_error(env, "spawn: cannot queue the request");
  }
  if (r->pending++ == 0) napi_ref_threadsafe_function(env, r->tsfn);
  return NULL;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  Reaper *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->epfd = -1;
  r->stopfd = -1;
  napi_set_instance_data(env, r, NULL, NULL);
  napi_add_env_cleanup_hook(env, stop_reaper, r);
  napi_value fn;
  napi_create_function(env, "init", NAPI_AUTO_LENGTH, init, NULL, &fn);
  napi_set_named_property(env, exports, "init", fn);
  napi_create_function(env, "spawn", NAPI_AUTO_LENGTH, spawn, NULL, &fn);
  napi_set_named_property(env, exports, "spawn", fn);
  return exports;
}
