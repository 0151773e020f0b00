#define _GNU_SOURCE
#include "lab_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

// The child shares the lab's memory until it executes the program (CLONE_VM | CLONE_VFORK, as glibc's own
// posix_spawn does), on a stack of its own: it may only make system calls and write its outcome here.
typedef struct {
    const lab_spawn_request *request;
    volatile int error;
    volatile int step;
} child_state;

static int fail(child_state *state, int step, int error) {
    state->step = step;
    state->error = error;
    _exit(127);
}

static long long monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

// Makes `from` the child's descriptor `to`; a descriptor already in place loses close-on-exec.
static int place(int from, int to) {
    if (from == to) {
        int flags = fcntl(to, F_GETFD);
        return flags == -1 ? -1 : fcntl(to, F_SETFD, flags & ~FD_CLOEXEC);
    }
    return dup2(from, to) == -1 ? -1 : 0;
}

// Closes every descriptor from 3 on: close_range (Linux 5.9), else a walk of /proc/self/fd; -1 when neither.
static int close_from_3(void) {
    if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0) return 0;
    int directory = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (directory == -1) return -1;
    char buffer[2048] __attribute__((aligned(8)));
    for (;;) {
        long count = syscall(SYS_getdents64, directory, buffer, sizeof buffer);
        if (count == -1) {
            int error = errno;
            close(directory);
            errno = error;
            return -1;
        }
        if (count == 0) break;
        for (long offset = 0; offset < count;) {
            // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
            unsigned short length;
            memcpy(&length, buffer + offset + 16, sizeof length);
            const char *name = buffer + offset + 19;
            int descriptor = 0, digits = 0;
            for (; name[digits] >= '0' && name[digits] <= '9'; digits++)
                descriptor = descriptor * 10 + (name[digits] - '0');
            if (digits > 0 && name[digits] == 0 && descriptor >= 3 && descriptor != directory)
                close(descriptor);
            offset += length;
        }
    }
    close(directory);
    return 0;
}

// Writes `add PID` (or `add -PID`) with the child's own pid to the supervisor, in one write (atomic on a
// pipe), formatting the number by hand: no library call that may lock or allocate.
static int register_self(int descriptor, int group) {
    char line[32] = "add ";
    int length = 4;
    if (group) line[length++] = '-';
    char digits[16];
    int count = 0;
    for (pid_t pid = getpid(); pid > 0; pid /= 10) digits[count++] = (char)('0' + pid % 10);
    while (count > 0) line[length++] = digits[--count];
    line[length++] = '\n';
    for (;;) {
        ssize_t written = write(descriptor, line, (size_t)length);
        if (written == length) return 0;
        if (written == -1 && errno == EINTR) continue;
        if (written >= 0) errno = EIO;
        return -1;
    }
}

static int child_main(void *argument) {
    child_state *state = argument;
    const lab_spawn_request *request = state->request;

    // Every signal is blocked (the parent did it before the clone): back to the default action first, so that
    // none can run one of the lab's handlers in this shared memory, and only then unblocked, just before the
    // exec.
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    for (int signal = 1; signal < NSIG; signal++) {
        if (signal == SIGKILL || signal == SIGSTOP) continue;
        // glibc keeps two real-time signals for itself and refuses them (EINVAL): they need no reset.
        if (sigaction(signal, &action, NULL) == -1 && errno != EINVAL) fail(state, LAB_SPAWN_STEP_SIGNALS, errno);
    }
    if (request->new_group && setpgid(0, 0) == -1) fail(state, LAB_SPAWN_STEP_PROCESS_GROUP, errno);
    if (request->register_fd >= 0 && register_self(request->register_fd, request->new_group) == -1)
        fail(state, LAB_SPAWN_STEP_REGISTER, errno);

    if (request->stdin_fd >= 0) {
        if (place(request->stdin_fd, 0) == -1) fail(state, LAB_SPAWN_STEP_STDIN, errno);
    } else {
        int null = open("/dev/null", O_RDONLY);
        if (null == -1) fail(state, LAB_SPAWN_STEP_STDIN, errno);
        if (null != 0 && (dup2(null, 0) == -1 || close(null) == -1)) fail(state, LAB_SPAWN_STEP_STDIN, errno);
    }
    if (request->stdout_fd >= 0 && place(request->stdout_fd, 1) == -1) fail(state, LAB_SPAWN_STEP_STDOUT, errno);
    if (request->stderr_fd >= 0 && place(request->stderr_fd, 2) == -1) fail(state, LAB_SPAWN_STEP_STDERR, errno);
    if (request->directory && chdir(request->directory) == -1) fail(state, LAB_SPAWN_STEP_DIRECTORY, errno);
    if (close_from_3() == -1) fail(state, LAB_SPAWN_STEP_CLOSE_DESCRIPTORS, errno);

    sigset_t none;
    sigemptyset(&none);
    if (sigprocmask(SIG_SETMASK, &none, NULL) == -1) fail(state, LAB_SPAWN_STEP_SIGNALS, errno);
    // A program just written can still be open for writing in a child another thread forked meanwhile, until
    // that child executes (ETXTBSY): it does within moments, so the exec is tried again for a while.
    long long give_up = monotonic_ns() + request->busy_patience_ns;
    for (;;) {
        execve(request->path, request->argv, request->envp);
        if (errno != ETXTBSY || monotonic_ns() >= give_up) break;
        sched_yield();
    }
    return fail(state, LAB_SPAWN_STEP_EXEC, errno);
}

int lab_spawn(const lab_spawn_request *request, lab_spawn_result *result) {
    result->pid = 0;
    result->error = 0;
    result->step = LAB_SPAWN_STEP_NONE;
    const size_t stack_size = 64 * 1024;
    char *stack = malloc(stack_size);
    if (!stack) {
        result->step = LAB_SPAWN_STEP_STACK;
        return result->error = ENOMEM;
    }
    child_state state = {.request = request, .error = 0, .step = LAB_SPAWN_STEP_NONE};
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous);
    // The stack grows down: the child starts at its top, 16-byte aligned.
    void *top = (void *)(((uintptr_t)(stack + stack_size)) & ~(uintptr_t)15);
    pid_t pid = clone(child_main, top, CLONE_VM | CLONE_VFORK | SIGCHLD, &state);
    int clone_error = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    free(stack);
    if (pid == -1) {
        result->step = LAB_SPAWN_STEP_CLONE;
        return result->error = clone_error;
    }
    // CLONE_VFORK: the child has executed the program or exited by now, and said which.
    result->pid = pid;
    result->step = state.step;
    return result->error = state.error;
}
